import { crc32 } from 'node:zlib';
import {
  CENTRAL_HEADER_SIGNATURE,
  CENTRAL_HEADER_SIZE,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  FLAG_UTF8,
  UNICODE_PATH_EXTRA_TAG,
  ZIP64_EXTRA_TAG,
  ZIP64_MARKER_32,
  ZIP_LOCAL_HEADER_SIZE,
} from './constants.ts';
import type { Fields } from './fields.ts';
import { corruptZip, decodeCp437, describeEntry, fieldsOf } from './fields.ts';
import type { ZipEntry } from './types.ts';

const utf8 = new TextDecoder('utf-8');

/** Where the directory lies: entries are parsed from `directoryOffset` on. */
export interface DirectoryBounds {
  readonly entryCount: number;
  readonly directoryOffset: number;
}

/** The sizes and offset of an entry, maybe deferred to its ZIP64 extra field. */
interface Extent {
  uncompressedSize: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Calls `visit(tag, data, dataAt)` for each well-formed extra field; stops at the first that is not. */
function forEachExtraField(
  extra: Uint8Array,
  extraAt: number,
  visit: (tag: number, data: Uint8Array, dataAt: number) => void,
): void {
  const fields = fieldsOf(extra, extraAt);
  for (let at = 0; at + 4 <= extra.length;) {
    const tag = fields.u16(at);
    const end = at + 4 + fields.u16(at + 2);
    if (end > extra.length) return;
    visit(tag, extra.subarray(at + 4, end), extraAt + at + 4);
    at = end;
  }
}

/** Replace the 0xFFFFFFFF fields of `extent` with the 64-bit values of a ZIP64 extra field. */
function applyZip64(extent: Extent, data: Uint8Array, dataAt: number, name: string): void {
  const fields = fieldsOf(data, dataAt);
  let at = 0;
  const next = (what: string): number => {
    if (at + 8 > data.length) {
      throw corruptZip(
        `the ZIP64 extra field of ZIP entry ${JSON.stringify(name)} at byte ${dataAt} ` +
          `is ${data.length} bytes long and lacks the ${what}`,
        dataAt,
      );
    }
    const value = fields.u64(at, `ZIP64 ${what} of ZIP entry ${JSON.stringify(name)}`);
    at += 8;
    return value;
  };
  if (extent.uncompressedSize === ZIP64_MARKER_32)
    extent.uncompressedSize = next('uncompressed size');
  if (extent.compressedSize === ZIP64_MARKER_32) extent.compressedSize = next('compressed size');
  if (extent.localHeaderOffset === ZIP64_MARKER_32) {
    extent.localHeaderOffset = next('local header offset');
  }
}

/** The UTF-8 name of an Info-ZIP Unicode Path field, if it matches the header's raw name. */
function unicodePath(data: Uint8Array, rawName: Uint8Array): string | undefined {
  if (data.length < 5 || data[0] !== 1) return undefined;
  const declared = fieldsOf(data, 0).u32(1);
  return declared === crc32(rawName) ? utf8.decode(data.subarray(5)) : undefined;
}

/**
 * The entry of the central directory header `record` (complete: fixed part, name, extra
 * field and comment) found at absolute offset `at`.
 */
function parseCentralHeader(
  record: Uint8Array,
  fields: Fields,
  at: number,
  directoryOffset: number,
): ZipEntry {
  const flags = fields.u16(8);
  const nameLength = fields.u16(28);
  const extraLength = fields.u16(30);
  const rawName = record.subarray(CENTRAL_HEADER_SIZE, CENTRAL_HEADER_SIZE + nameLength);
  let name = (flags & FLAG_UTF8) !== 0 ? utf8.decode(rawName) : decodeCp437(rawName);
  const extent: Extent = {
    compressedSize: fields.u32(20),
    uncompressedSize: fields.u32(24),
    localHeaderOffset: fields.u32(42),
  };
  const extraAt = CENTRAL_HEADER_SIZE + nameLength;
  forEachExtraField(
    record.subarray(extraAt, extraAt + extraLength),
    at + extraAt,
    (tag, data, dataAt) => {
      if (tag === ZIP64_EXTRA_TAG) applyZip64(extent, data, dataAt, name);
      if (tag === UNICODE_PATH_EXTRA_TAG && (flags & FLAG_UTF8) === 0) {
        name = unicodePath(data, rawName) ?? name;
      }
    },
  );
  const entry: ZipEntry = {
    name,
    method: fields.u16(10),
    flags,
    encrypted: (flags & FLAG_ENCRYPTED) !== 0,
    hasDataDescriptor: (flags & FLAG_DATA_DESCRIPTOR) !== 0,
    crc32: fields.u32(16),
    ...extent,
    isDirectory: name.endsWith('/'),
  };
  const dataEnd = entry.localHeaderOffset + ZIP_LOCAL_HEADER_SIZE + entry.compressedSize;
  if (dataEnd > directoryOffset) {
    throw corruptZip(
      `${describeEntry(entry)} with ${entry.compressedSize} compressed bytes (central header at byte ${at}) ` +
        `runs past the start of the central directory at byte ${directoryOffset}`,
      at,
    );
  }
  return entry;
}

/**
 * Parses central directory headers from consecutive pieces of the directory, keeping only
 * an incomplete header between pieces.
 */
export class CentralDirectoryParser {
  readonly entries: ZipEntry[] = [];
  readonly #bounds: DirectoryBounds;
  #pending: Uint8Array = new Uint8Array(0);
  #pendingAt: number;

  constructor(bounds: DirectoryBounds) {
    this.#bounds = bounds;
    this.#pendingAt = bounds.directoryOffset;
  }

  /** True once every entry the end record announced has been parsed. */
  get done(): boolean {
    return this.entries.length >= this.#bounds.entryCount;
  }

  /** Parse the headers that `piece`, the next bytes of the directory, completes. */
  push(piece: Uint8Array): void {
    let bytes = piece;
    if (this.#pending.length > 0) {
      bytes = new Uint8Array(this.#pending.length + piece.length);
      bytes.set(this.#pending);
      bytes.set(piece, this.#pending.length);
    }
    let at = 0;
    while (!this.done && at + CENTRAL_HEADER_SIZE <= bytes.length) {
      const fields = fieldsOf(bytes.subarray(at), this.#pendingAt + at);
      if (fields.u32(0) !== CENTRAL_HEADER_SIGNATURE) {
        throw corruptZip(
          `expected central directory header ${this.entries.length + 1} of ${this.#bounds.entryCount} ` +
            `(signature PK\\x01\\x02) at byte ${this.#pendingAt + at}, found 0x${fields.u32(0).toString(16).padStart(8, '0')}`,
          this.#pendingAt + at,
        );
      }
      const length = CENTRAL_HEADER_SIZE + fields.u16(28) + fields.u16(30) + fields.u16(32);
      if (at + length > bytes.length) break;
      const record = bytes.subarray(at, at + length);
      this.entries.push(
        parseCentralHeader(record, fields, this.#pendingAt + at, this.#bounds.directoryOffset),
      );
      at += length;
    }
    this.#pending = this.done ? new Uint8Array(0) : bytes.slice(at);
    this.#pendingAt += at;
  }

  /**
   * The entries, once the whole directory has been pushed.
   * @throws FormatError `CorruptZip` when the directory held fewer headers than announced.
   */
  finish(): ZipEntry[] {
    if (!this.done) {
      throw corruptZip(
        `the central directory ends at byte ${this.#pendingAt + this.#pending.length} after ` +
          `${this.entries.length} of the ${this.#bounds.entryCount} entries its end record announces`,
        this.#pendingAt,
      );
    }
    return this.entries;
  }
}
