import { FormatError } from '../errors.ts';
import { LOCAL_HEADER_SIGNATURE, ZIP_LOCAL_HEADER_SIZE } from './constants.ts';
import { corruptZip, describeEntry, fieldsOf } from './fields.ts';
import type { ZipEntry } from './types.ts';

/**
 * Length of an entry's local file header (30 bytes plus its own name and extra field, which
 * may differ from the central directory's), from its first `ZIP_LOCAL_HEADER_SIZE` bytes:
 * read `[entry.localHeaderOffset, entry.localHeaderOffset + ZIP_LOCAL_HEADER_SIZE)`, then
 * the entry's data is `zipEntryDataRange(entry, localHeaderLength(header, entry))`.
 *
 * @param entry - The entry the header belongs to, named in errors.
 * @throws FormatError `TruncatedZip` when `header` is shorter than 30 bytes, `CorruptZip`
 *   when it does not start with the local header signature.
 */
export function localHeaderLength(header: Uint8Array, entry: ZipEntry): number {
  if (header.length < ZIP_LOCAL_HEADER_SIZE) {
    throw new FormatError(
      'TruncatedZip',
      `formats: the local header of ${describeEntry(entry)} is ${header.length} bytes long, ` +
        `shorter than ${ZIP_LOCAL_HEADER_SIZE}: read ${ZIP_LOCAL_HEADER_SIZE} bytes at its offset`,
      { offset: entry.localHeaderOffset },
    );
  }
  const fields = fieldsOf(header, entry.localHeaderOffset);
  if (fields.u32(0) !== LOCAL_HEADER_SIGNATURE) {
    throw corruptZip(
      `${describeEntry(entry)} has no local header signature (PK\\x03\\x04) at its offset`,
      entry.localHeaderOffset,
    );
  }
  return ZIP_LOCAL_HEADER_SIZE + fields.u16(26) + fields.u16(28);
}

/**
 * The half-open byte range of an entry's (compressed) data in the archive, given the length
 * of its local header (see `localHeaderLength`).
 */
export function zipEntryDataRange(
  entry: ZipEntry,
  headerLength: number,
): { start: number; end: number } {
  const start = entry.localHeaderOffset + headerLength;
  return { start, end: start + entry.compressedSize };
}
