import { buildZip, contentOf } from '@chunkline/testing';
import type { ArchiveSpec, EntrySpec } from '@chunkline/testing';
import type { RangeReader, ZipEntry } from '../../src/index.ts';
import {
  ZIP_LOCAL_HEADER_SIZE,
  localHeaderLength,
  readZipEntry,
  zipEntryDataRange,
} from '../../src/index.ts';
import type { Pieces } from './bytes.ts';

export { buildZip, contentOf };
export type { ArchiveSpec, EntrySpec };
import { collect, sourceOf } from './bytes.ts';

/**
 * A ZIP64 archive of `count` empty stored entries `f000000`, `f000001`…, made by copying
 * the records of a one-entry yazl archive (yazl itself takes quadratic time in the entry
 * count): over 65,535 entries in a few milliseconds.
 */
export async function manyEntryZip(count: number): Promise<Uint8Array> {
  const nameOf = (i: number): string => `f${String(i).padStart(6, '0')}`;
  const template = await buildZip([{ name: nameOf(0), compress: false }], { zip64: true });
  const view = Buffer.from(template.buffer, template.byteOffset, template.byteLength);
  const localLength = ZIP_LOCAL_HEADER_SIZE + nameOf(0).length;
  const tail = view.subarray(view.length - 98);
  const centralLength = view.length - tail.length - localLength;
  const out = Buffer.alloc(count * (localLength + centralLength) + tail.length);
  const directoryOffset = count * localLength;
  for (let i = 0; i < count; i += 1) {
    const local = i * localLength;
    const central = directoryOffset + i * centralLength;
    view.copy(out, local, 0, localLength);
    out.write(nameOf(i), local + ZIP_LOCAL_HEADER_SIZE, 'latin1');
    view.copy(out, central, localLength, localLength + centralLength);
    out.write(nameOf(i), central + 46, 'latin1');
    out.writeUInt32LE(local, central + 42);
  }
  const record = directoryOffset + count * centralLength;
  tail.copy(out, record);
  out.writeBigUInt64LE(BigInt(count), record + 24);
  out.writeBigUInt64LE(BigInt(count), record + 32);
  out.writeBigUInt64LE(BigInt(count * centralLength), record + 40);
  out.writeBigUInt64LE(BigInt(directoryOffset), record + 48);
  out.writeBigUInt64LE(BigInt(record), record + 56 + 8);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** What a `countingReader` has been asked for. */
export interface ReadMeter {
  /** Range requests made. */
  calls: number;
  /** Bytes returned, over all requests. */
  bytes: number;
  /** Each requested range, in order. */
  readonly ranges: Array<{ start: number; end: number }>;
}

/**
 * A `RangeReader` over `archive` that counts requests and bytes, and fails on an empty or
 * out-of-bounds range (which S3 would refuse). `truncateTo` makes it serve only that many
 * bytes of the archive, as a short read would.
 */
export function countingReader(
  archive: Uint8Array,
  truncateTo = archive.length,
): { read: RangeReader; meter: ReadMeter } {
  const meter: ReadMeter = { calls: 0, bytes: 0, ranges: [] };
  const read: RangeReader = async ({ start, end }) => {
    if (!(Number.isSafeInteger(start) && start >= 0 && end > start && end <= archive.length)) {
      throw new RangeError(`test reader: bad range [${start}, ${end}) of ${archive.length}`);
    }
    const bytes = archive.slice(start, Math.min(end, truncateTo));
    meter.calls += 1;
    meter.bytes += bytes.length;
    meter.ranges.push({ start, end });
    return bytes;
  };
  return { read, meter };
}

/**
 * The data range of `entry`, found as a processor would: read its fixed local header, then
 * add the header's length.
 */
export async function dataRangeOf(
  read: RangeReader,
  entry: ZipEntry,
): Promise<{ start: number; end: number }> {
  const header = await read({
    start: entry.localHeaderOffset,
    end: entry.localHeaderOffset + ZIP_LOCAL_HEADER_SIZE,
  });
  return zipEntryDataRange(entry, localHeaderLength(header, entry));
}

/** The contents of `entry`: data range located, read in `pieces`, decompressed, checked. */
export async function extract(
  archive: Uint8Array,
  entry: ZipEntry,
  pieces: Pieces = { kind: 'whole' },
): Promise<Uint8Array> {
  const { read } = countingReader(archive);
  const { start, end } = await dataRangeOf(read, entry);
  return collect(readZipEntry(sourceOf(archive.subarray(start, end), 0, pieces), entry));
}

/** Absolute offset of the central directory header of entry `index` of a classic archive. */
export function centralHeaderOffset(archive: Uint8Array, index: number): number {
  const view = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  const eocd = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = view.readUInt32LE(eocd + 16);
  for (let i = 0; i < index; i += 1) {
    at += 46 + view.readUInt16LE(at + 28) + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
  }
  return at;
}

/** A copy of `archive` with the little-endian `bits`-bit field at `at` set to `value`. */
export function patched(
  archive: Uint8Array,
  at: number,
  value: number,
  bits: 8 | 16 | 32 = 16,
): Uint8Array {
  const copy = Buffer.from(archive);
  if (bits === 8) copy.writeUInt8(value, at);
  else if (bits === 16) copy.writeUInt16LE(value, at);
  else copy.writeUInt32LE(value, at);
  return new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength);
}
