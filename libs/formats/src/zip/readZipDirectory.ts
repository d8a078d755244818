import { FormatError } from '../errors.ts';
import { CentralDirectoryParser } from './centralDirectory.ts';
import {
  CENTRAL_HEADER_SIZE,
  DEFAULT_ZIP_DIRECTORY_READ_SIZE,
  EOCD_SIZE,
  ZIP64_EOCD_SIZE,
  ZIP64_LOCATOR_SIZE,
  ZIP_TAIL_SIZE,
} from './constants.ts';
import type { ClassicDirectoryEnd, DirectoryEnd } from './endOfCentralDirectory.ts';
import {
  findEndOfCentralDirectory,
  parseEndOfCentralDirectory,
  parseZip64EndOfCentralDirectory,
  parseZip64Locator,
} from './endOfCentralDirectory.ts';
import { corruptZip } from './fields.ts';
import type { RangeReader, ReadZipDirectoryOptions, ZipEntry } from './types.ts';

function invalid(message: string): FormatError {
  return new FormatError('InvalidOptions', `formats: readZipDirectory: ${message}`);
}

/** Range reads over one archive, which keep some ranges read to serve smaller reads later. */
class Archive {
  /** Offset of the tail: the last `ZIP_TAIL_SIZE` bytes, or the whole archive. */
  readonly tailStart: number;
  readonly #read: RangeReader;
  readonly #size: number;
  readonly #kept: Array<{ start: number; bytes: Uint8Array }> = [];

  constructor(read: RangeReader, size: number) {
    this.#read = read;
    this.#size = size;
    this.tailStart = Math.max(0, size - ZIP_TAIL_SIZE);
  }

  /** Bytes `[start, end)` by one range read, checked to be complete. */
  async read(start: number, end: number): Promise<Uint8Array> {
    const bytes = await this.#read({ start, end });
    if (bytes.length !== end - start) {
      throw new FormatError(
        'TruncatedZip',
        `formats: reading bytes [${start}, ${end}) of a ${this.#size}-byte ZIP archive returned ` +
          `${bytes.length} bytes instead of ${end - start}: the object is shorter than its ` +
          'size says, or it changed; read it again from one version of the object',
        { offset: start },
      );
    }
    return bytes;
  }

  /** Bytes `[start, end)` by one range read (none if empty), kept for `bytes`. */
  async keep(start: number, end: number): Promise<Uint8Array> {
    const bytes = end > start ? await this.read(start, end) : new Uint8Array(0);
    this.#kept.push({ start, bytes });
    return bytes;
  }

  /** Bytes `[start, end)` from a kept range that holds them, otherwise by one range read. */
  async bytes(start: number, end: number): Promise<Uint8Array> {
    for (const kept of this.#kept) {
      if (start >= kept.start && end <= kept.start + kept.bytes.length) {
        return kept.bytes.subarray(start - kept.start, end - kept.start);
      }
    }
    return this.read(start, end);
  }

  /** True when a kept range holds offset `at`. */
  holds(at: number): boolean {
    return this.#kept.some((kept) => at >= kept.start && at < kept.start + kept.bytes.length);
  }
}

/**
 * The directory end to use: the ZIP64 record when a ZIP64 locator sits right before the
 * classic record, else the classic record. `limit` is where the directory must end.
 */
async function resolveDirectoryEnd(
  archive: Archive,
  classic: ClassicDirectoryEnd,
): Promise<{ end: DirectoryEnd; limit: number }> {
  const locatorAt = classic.at - ZIP64_LOCATOR_SIZE;
  if (locatorAt < 0) return { end: classic, limit: classic.at };
  if (!archive.holds(locatorAt)) {
    // Only worth a request when the classic record defers to a ZIP64 one; the ZIP64 record
    // usually sits right before its locator, so one range is read for both.
    if (!classic.deferred) return { end: classic, limit: classic.at };
    await archive.keep(Math.max(0, locatorAt - ZIP64_EOCD_SIZE), classic.at);
  }
  const recordAt = parseZip64Locator(await archive.bytes(locatorAt, classic.at), locatorAt);
  if (recordAt === undefined) return { end: classic, limit: classic.at };
  if (recordAt + ZIP64_EOCD_SIZE > locatorAt) {
    throw corruptZip(
      `the ZIP64 end of central directory locator at byte ${locatorAt} points to byte ` +
        `${recordAt}, which leaves no room for the ${ZIP64_EOCD_SIZE}-byte record before it`,
      locatorAt,
    );
  }
  const bytes = await archive.bytes(recordAt, recordAt + ZIP64_EOCD_SIZE);
  return { end: parseZip64EndOfCentralDirectory(bytes, recordAt), limit: recordAt };
}

function checkDirectoryEnd(end: DirectoryEnd, limit: number): void {
  if (end.disk !== 0 || end.directoryDisk !== 0 || end.entriesOnDisk !== end.entryCount) {
    throw new FormatError(
      'UnsupportedFormat',
      `formats: the ZIP archive is split or spanned across disks (this is disk ${end.disk}, ` +
        `the directory starts on disk ${end.directoryDisk}); join it into one archive first`,
      { offset: limit },
    );
  }
  const directoryEnd = end.directoryOffset + end.directorySize;
  if (directoryEnd > limit) {
    throw corruptZip(
      `the central directory [${end.directoryOffset}, ${directoryEnd}) runs past its end record at byte ${limit}`,
      limit,
    );
  }
  if (end.entryCount * CENTRAL_HEADER_SIZE > end.directorySize) {
    throw corruptZip(
      `${end.entryCount} entries cannot fit in a ${end.directorySize}-byte central directory`,
      end.directoryOffset,
    );
  }
}

/** The directory's bytes in order: ranges of at most `maxReadSize`, then what the tail holds. */
async function* directoryPieces(
  archive: Archive,
  end: DirectoryEnd,
  maxReadSize: number,
): AsyncGenerator<Uint8Array> {
  const directoryEnd = end.directoryOffset + end.directorySize;
  const readEnd = Math.min(directoryEnd, archive.tailStart);
  for (let at = end.directoryOffset; at < readEnd; at += maxReadSize) {
    yield await archive.read(at, Math.min(at + maxReadSize, readEnd));
  }
  const fromTail = Math.max(end.directoryOffset, archive.tailStart);
  if (fromTail < directoryEnd) yield await archive.bytes(fromTail, directoryEnd);
}

/**
 * Every entry of the ZIP archive of `size` bytes that `read` reads by range, without
 * reading any entry data: the last `ZIP_TAIL_SIZE` (64 KiB + 22) bytes, or the whole
 * archive if smaller, to find the end of central directory record (its comment honoured);
 * then the ZIP64 record when a ZIP64 locator precedes it and the tail lacks it; then the
 * part of the central directory the tail lacks, in ranges of at most `maxReadSize`. A small
 * archive costs 1 request, a typical one 2, a ZIP64 one at most 3 (plus one per extra
 * `maxReadSize` of directory).
 *
 * Entries come in directory order, with ZIP64 sizes and offsets resolved; encrypted
 * entries and unsupported methods are listed (see `assertReadableZipEntry`).
 *
 * @param options.maxReadSize - Largest range read at once. Default 8 MiB.
 * @throws FormatError `NotZip` (no end record), `CorruptZip` (bad signature, length or
 *   offset), `TruncatedZip` (a read returned fewer bytes than asked), `UnsupportedFormat`
 *   (a split archive), `InvalidOptions` (bad `size` or `maxReadSize`).
 */
export async function readZipDirectory(
  read: RangeReader,
  size: number,
  options: ReadZipDirectoryOptions = {},
): Promise<ZipEntry[]> {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw invalid(`size must be a non-negative integer, got ${size}`);
  }
  const maxReadSize = options.maxReadSize ?? DEFAULT_ZIP_DIRECTORY_READ_SIZE;
  if (!Number.isSafeInteger(maxReadSize) || maxReadSize < 1) {
    throw invalid(`maxReadSize must be a positive integer, got ${maxReadSize}`);
  }
  const archive = new Archive(read, size);
  const tail = await archive.keep(archive.tailStart, size);
  const eocdAt = findEndOfCentralDirectory(tail, archive.tailStart);
  const eocd = tail.subarray(eocdAt - archive.tailStart, eocdAt - archive.tailStart + EOCD_SIZE);
  const classic = parseEndOfCentralDirectory(eocd, eocdAt);
  const { end, limit } = await resolveDirectoryEnd(archive, classic);
  checkDirectoryEnd(end, limit);
  const parser = new CentralDirectoryParser(end);
  for await (const piece of directoryPieces(archive, end, maxReadSize)) {
    parser.push(piece);
    if (parser.done) break;
  }
  return parser.finish();
}
