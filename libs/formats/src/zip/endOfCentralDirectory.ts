import { FormatError } from '../errors.ts';
import {
  EOCD_SIGNATURE,
  EOCD_SIZE,
  ZIP64_EOCD_SIGNATURE,
  ZIP64_EOCD_SIZE,
  ZIP64_LOCATOR_SIGNATURE,
  ZIP64_LOCATOR_SIZE,
  ZIP64_MARKER_16,
  ZIP64_MARKER_32,
} from './constants.ts';
import { corruptZip, fieldsOf } from './fields.ts';

/** What an end of central directory record (classic or ZIP64) says about the directory. */
export interface DirectoryEnd {
  /** Entries in the whole directory. */
  readonly entryCount: number;
  /** Bytes of the central directory. */
  readonly directorySize: number;
  /** Absolute offset of the first central directory header. */
  readonly directoryOffset: number;
  /** Number of this disk, of the disk where the directory starts, and entries on this disk. */
  readonly disk: number;
  readonly directoryDisk: number;
  readonly entriesOnDisk: number;
}

/** The classic record, and whether any of its fields defers to a ZIP64 record. */
export interface ClassicDirectoryEnd extends DirectoryEnd {
  /** Absolute offset of the record. */
  readonly at: number;
  /** Some field holds 0xFFFF / 0xFFFFFFFF: the ZIP64 record has the real value. */
  readonly deferred: boolean;
}

/**
 * Absolute offset of the end of central directory record in `tail`, the last bytes of an
 * archive (`tail` starts at `tailStart` and ends at the archive's end). Searches backwards
 * for the signature and accepts the first record whose comment ends exactly at the end.
 *
 * @throws FormatError `NotZip` when there is none.
 */
export function findEndOfCentralDirectory(tail: Uint8Array, tailStart: number): number {
  const fields = fieldsOf(tail, tailStart);
  for (let at = tail.length - EOCD_SIZE; at >= 0; at -= 1) {
    if (
      tail[at] === 0x50 &&
      fields.u32(at) === EOCD_SIGNATURE &&
      at + EOCD_SIZE + fields.u16(at + 20) === tail.length
    ) {
      return tailStart + at;
    }
  }
  const size = tailStart + tail.length;
  throw new FormatError(
    'NotZip',
    `formats: no ZIP end of central directory record in the last ${tail.length} bytes of the ` +
      `${size}-byte object: it is not a ZIP archive, or it was cut short; check that the ` +
      'object is a complete ZIP archive and upload it again',
    { offset: tailStart },
  );
}

/** The classic end of central directory record `bytes` (at least 22 bytes), found at `at`. */
export function parseEndOfCentralDirectory(bytes: Uint8Array, at: number): ClassicDirectoryEnd {
  const fields = fieldsOf(bytes, at);
  const entriesOnDisk = fields.u16(8);
  const entryCount = fields.u16(10);
  const directorySize = fields.u32(12);
  const directoryOffset = fields.u32(16);
  return {
    at,
    disk: fields.u16(4),
    directoryDisk: fields.u16(6),
    entriesOnDisk,
    entryCount,
    directorySize,
    directoryOffset,
    deferred:
      entriesOnDisk === ZIP64_MARKER_16 ||
      entryCount === ZIP64_MARKER_16 ||
      directorySize === ZIP64_MARKER_32 ||
      directoryOffset === ZIP64_MARKER_32,
  };
}

/**
 * The offset of the ZIP64 end of central directory record named by the locator `bytes`
 * (20 bytes found at `at`), or `undefined` when `bytes` is not a ZIP64 locator.
 */
export function parseZip64Locator(bytes: Uint8Array, at: number): number | undefined {
  const fields = fieldsOf(bytes, at);
  if (bytes.length < ZIP64_LOCATOR_SIZE || fields.u32(0) !== ZIP64_LOCATOR_SIGNATURE) {
    return undefined;
  }
  return fields.u64(8, 'ZIP64 end of central directory offset');
}

/**
 * The ZIP64 end of central directory record `bytes` (at least 56 bytes), read at `at`.
 *
 * @throws FormatError `CorruptZip` when its signature is wrong.
 */
export function parseZip64EndOfCentralDirectory(bytes: Uint8Array, at: number): DirectoryEnd {
  const fields = fieldsOf(bytes, at);
  if (bytes.length < ZIP64_EOCD_SIZE || fields.u32(0) !== ZIP64_EOCD_SIGNATURE) {
    throw corruptZip(
      `the ZIP64 end of central directory locator points to byte ${at}, where there is no ZIP64 end of central directory record`,
      at,
    );
  }
  return {
    disk: fields.u32(16),
    directoryDisk: fields.u32(20),
    entriesOnDisk: fields.u64(24, 'ZIP64 entries on this disk'),
    entryCount: fields.u64(32, 'ZIP64 entry count'),
    directorySize: fields.u64(40, 'ZIP64 central directory size'),
    directoryOffset: fields.u64(48, 'ZIP64 central directory offset'),
  };
}
