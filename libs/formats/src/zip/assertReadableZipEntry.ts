import { FormatError } from '../errors.ts';
import { COMPRESSION_METHOD_NAMES, METHOD_DEFLATED, METHOD_STORED } from './constants.ts';
import { describeEntry } from './fields.ts';
import type { ZipEntry } from './types.ts';

/**
 * Throws unless `readZipEntry` can read `entry`: it must not be encrypted and its method
 * must be 0 (stored) or 8 (deflate). A planner can call it on every entry up front.
 *
 * @throws FormatError `EncryptedZipEntry` or `UnsupportedZipMethod`.
 */
export function assertReadableZipEntry(entry: ZipEntry): void {
  if (entry.encrypted) {
    throw new FormatError(
      'EncryptedZipEntry',
      `formats: ${describeEntry(entry)} is encrypted; Chunkline cannot decrypt ZIP entries: ` +
        'upload the archive without a password',
      { offset: entry.localHeaderOffset },
    );
  }
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
    const known = COMPRESSION_METHOD_NAMES.get(entry.method);
    throw new FormatError(
      'UnsupportedZipMethod',
      `formats: ${describeEntry(entry)} uses compression method ${entry.method} ` +
        `(${known ?? 'unknown'}); only 0 (stored) and 8 (deflate) can be read: re-create ` +
        'the archive with deflate (e.g. zip -Z deflate)',
      { offset: entry.localHeaderOffset },
    );
  }
}
