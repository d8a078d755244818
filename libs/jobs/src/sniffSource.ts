import type { ObjectRef, ObjectStore, SourceFormat } from '@chunkline/contracts';
import { defaultDelimiterFor, detectFormat, parseCsvHeader } from '@chunkline/formats';
import { JobError, JobErrorCode } from './errors.ts';

/** First bytes read to recognise the format and find a CSV header. */
const SNIFF_BYTES = 64 * 1024;
/** Longest CSV header accepted before giving up. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Recognise the source format from its key and first bytes, and for CSV read the header:
 * the only record data planning ever reads.
 */
export async function sniffSource(
  store: ObjectStore,
  ref: ObjectRef,
  etag: string,
  size: number,
  delimiter: string | undefined,
): Promise<SourceFormat> {
  let length = Math.min(size, SNIFF_BYTES);
  const read = (end: number): Promise<Uint8Array> =>
    end === 0
      ? Promise.resolve(new Uint8Array(0))
      : store.getBytes(ref, { range: { start: 0, end }, ifMatch: etag });
  let prefix = await read(length);
  const format = detectFormat(ref.key, prefix);
  if (format === 'jsonl') return { kind: 'jsonl' };
  const chosen = delimiter ?? defaultDelimiterFor(ref.key);
  for (;;) {
    const isWholeObject = length >= size;
    const header = parseCsvHeader(
      prefix,
      chosen === undefined ? { isWholeObject } : { delimiter: chosen, isWholeObject },
    );
    if (header) {
      return {
        kind: 'csv',
        delimiter: header.delimiter,
        columns: header.columns,
        headerBytes: header.dataStart,
      };
    }
    if (length >= MAX_HEADER_BYTES) {
      throw new JobError(
        JobErrorCode.headerTooLong,
        `s3://${ref.bucket}/${ref.key}: no complete CSV header in the first ${MAX_HEADER_BYTES} bytes; is the delimiter or quoting wrong?`,
        { permanent: true },
      );
    }
    length = Math.min(size, length * 4, MAX_HEADER_BYTES);
    prefix = await read(length);
  }
}
