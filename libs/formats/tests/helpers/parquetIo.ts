import type { RangeReader } from '../../src/index.ts';

/** What a `countingReader` has been asked for. */
export interface ReadLog {
  /** Every range requested, in order. */
  readonly calls: Array<{ start: number; end: number }>;
  /** Bytes handed out in all. */
  bytes: number;
}

/** A `RangeReader` over `file` that records each request and the bytes it returns. */
export function countingReader(file: Uint8Array): { read: RangeReader; log: ReadLog } {
  const log: ReadLog = { calls: [], bytes: 0 };
  const read: RangeReader = async ({ start, end }) => {
    log.calls.push({ start, end });
    const bytes = file.slice(start, end);
    log.bytes += bytes.length;
    return bytes;
  };
  return { read, log };
}

/** A `RangeReader` over `file` that does not count. */
export function readerOf(file: Uint8Array): RangeReader {
  return countingReader(file).read;
}
