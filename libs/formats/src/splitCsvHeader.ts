import { FormatError } from './errors.ts';
import { parseCsvHeader } from './parseCsvHeader.ts';
import type { CsvHeader } from './types.ts';

/** Longest CSV header read from a stream before giving up. */
export const MAX_STREAM_HEADER_BYTES = 1024 * 1024;

/** A stream's CSV header and the bytes after it. */
export interface SplitStream {
  readonly header: CsvHeader;
  readonly rest: AsyncIterable<Uint8Array>;
}

/**
 * Read the CSV header at the start of a byte stream (a decompressed gzip object or ZIP
 * entry, which cannot be read by range), and hand back the rest of the stream.
 *
 * @throws FormatError `InvalidHeader` when no header ends within 1 MiB.
 */
export async function splitCsvHeader(
  bytes: AsyncIterable<Uint8Array>,
  delimiter: string,
): Promise<SplitStream> {
  const iterator = bytes[Symbol.asyncIterator]();
  let prefix: Uint8Array = new Uint8Array(0);
  for (;;) {
    const next = await iterator.next();
    if (!next.done) prefix = concat(prefix, next.value);
    const header = parseCsvHeader(prefix, { delimiter, isWholeObject: next.done === true });
    if (header) {
      const after = prefix.subarray(header.dataStart);
      return { header, rest: prepend(after, iterator, next.done === true) };
    }
    if (next.done || prefix.length > MAX_STREAM_HEADER_BYTES) {
      throw new FormatError(
        'InvalidHeader',
        `formats: no complete CSV header in the first ${prefix.length} bytes; is the delimiter or quoting wrong?`,
      );
    }
  }
}

async function* prepend(
  first: Uint8Array,
  iterator: AsyncIterator<Uint8Array>,
  done: boolean,
): AsyncGenerator<Uint8Array> {
  if (first.length > 0) yield first;
  if (done) return;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
