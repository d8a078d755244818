import { pipeline } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { FormatError, isFormatError } from '../errors.ts';
import { assertReadableZipEntry } from './assertReadableZipEntry.ts';
import { METHOD_STORED } from './constants.ts';
import { corruptZip, describeEntry } from './fields.ts';
import type { ZipEntry } from './types.ts';

/** Bytes per inflated output buffer: larger than zlib's 16 KiB default, for throughput. */
const INFLATE_CHUNK_SIZE = 64 * 1024;

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** The first `entry.compressedSize` bytes of `compressed`; fails if it has fewer. */
async function* exactly(
  compressed: AsyncIterable<Uint8Array>,
  entry: ZipEntry,
): AsyncGenerator<Uint8Array> {
  let remaining = entry.compressedSize;
  if (remaining === 0) return;
  for await (const piece of compressed) {
    const part = piece.length > remaining ? piece.subarray(0, remaining) : piece;
    remaining -= part.length;
    if (part.length > 0) yield part;
    if (remaining === 0) return;
  }
  const received = entry.compressedSize - remaining;
  throw new FormatError(
    'TruncatedZip',
    `formats: the data of ${describeEntry(entry)} ended after ${received} of its ` +
      `${entry.compressedSize} compressed bytes: the archive is truncated or the read was cut ` +
      'short; retry, or upload the complete archive again',
    { offset: entry.localHeaderOffset },
  );
}

/** Raw deflate data inflated as a stream, zlib errors turned into `CorruptZip`. */
async function* inflate(input: AsyncIterable<Uint8Array>, entry: ZipEntry): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_SIZE });
  // Errors of either side reach the iteration below, which destroys both on early exit.
  pipeline(input, inflater, () => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    if (isFormatError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw corruptZip(
      `the deflate data of ${describeEntry(entry)} cannot be inflated (${reason})`,
      entry.localHeaderOffset,
    );
  } finally {
    inflater.destroy();
  }
}

function sizeMismatch(entry: ZipEntry, actual: string): FormatError {
  return new FormatError(
    'ZipSizeMismatch',
    `formats: ${describeEntry(entry)} decompressed to ${actual} bytes, but the central ` +
      `directory declares ${entry.uncompressedSize}: the archive is corrupt; re-create it and upload it again`,
    { offset: entry.localHeaderOffset },
  );
}

/**
 * The uncompressed bytes of `entry`, streamed from `compressed`: its data range (see
 * `zipEntryDataRange`), in pieces of any size; bytes past `entry.compressedSize` are
 * ignored. Stored data passes through; deflated data is inflated as a stream, so memory
 * stays at a few 64 KiB buffers whatever the entry's size. At the end, the size and CRC-32
 * of the output are checked against the central directory's (for entries with a data
 * descriptor too: the directory holds the real values); output beyond the declared size
 * fails at once.
 *
 * @throws FormatError `EncryptedZipEntry`, `UnsupportedZipMethod` (before reading
 *   anything), `TruncatedZip` (fewer than `compressedSize` bytes), `CorruptZip` (bad
 *   deflate data), `ZipSizeMismatch`, `ZipCrcMismatch`.
 */
export async function* readZipEntry(
  compressed: AsyncIterable<Uint8Array>,
  entry: ZipEntry,
): AsyncGenerator<Uint8Array> {
  assertReadableZipEntry(entry);
  const input = exactly(compressed, entry);
  const output =
    entry.method === METHOD_STORED || entry.compressedSize === 0 ? input : inflate(input, entry);
  let size = 0;
  let crc = 0;
  for await (const chunk of output) {
    size += chunk.length;
    if (size > entry.uncompressedSize) throw sizeMismatch(entry, `at least ${size}`);
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (size !== entry.uncompressedSize) throw sizeMismatch(entry, String(size));
  if (crc !== entry.crc32) {
    throw new FormatError(
      'ZipCrcMismatch',
      `formats: the CRC-32 of ${describeEntry(entry)} is ${hex(crc)}, but the central ` +
        `directory declares ${hex(entry.crc32)}: the entry's data is corrupt; re-create the archive and upload it again`,
      { offset: entry.localHeaderOffset },
    );
  }
}
