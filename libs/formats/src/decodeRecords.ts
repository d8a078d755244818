import type { InputFormat, Row } from '@chunkline/contracts';
import { BatchCollector } from './batchCollector.ts';
import { DEFAULT_BATCH_SIZE, DEFAULT_CSV_DELIMITER } from './constants.ts';
import { CsvDecoder } from './csvDecoder.ts';
import type { CsvRecord } from './csvRecord.ts';
import { RECORD_SHAPE, ROW_SHAPE } from './csvRecordShape.ts';
import type { CsvRecordShape } from './csvRecordShape.ts';
import { delimiterByte } from './delimiter.ts';
import { FormatError } from './errors.ts';
import { JsonArrayDecoder } from './jsonArray/jsonArrayDecoder.ts';
import { JsonlDecoder } from './jsonlDecoder.ts';
import type { BadRecordPolicy, RecordBatch } from './types.ts';

/** Options of `decodeRecords`. */
export interface DecodeRecordsOptions {
  readonly format: InputFormat;
  /** CSV: the column names from the header (required for CSV). */
  readonly columns?: readonly string[] | undefined;
  /** CSV field delimiter, one ASCII character. Default `,`. */
  readonly delimiter?: string | undefined;
  /**
   * Absolute offset of the first owned byte, for `offset` in rejects and errors: a number,
   * or a function read when first needed (e.g. `() => cutter.ownedStart ?? start`, as the
   * cutter learns it while streaming).
   */
  readonly ownedStart: number | (() => number);
  /** `fail`: throw `FormatError` `BadRecord` at the first bad record; `skip`: reject it. */
  readonly onBadRecord: BadRecordPolicy;
  /** Most rows plus rejects per batch. Default 1000. */
  readonly batchSize?: number | undefined;
}

function invalid(message: string): FormatError {
  return new FormatError('InvalidOptions', `formats: decodeRecords: ${message}`);
}

/**
 * Decode the owned bytes of a chunk (whole records, as `RecordCutter.cut` yields them)
 * into rows, in batches of at most `batchSize` rows plus rejects.
 *
 * CSV goes through csv-parse's streaming parser with the header's columns, strict quotes
 * and strict column counts, `\n` or `\r\n` record delimiters, blank lines skipped; values
 * are strings. JSONL: one JSON object per line, blank lines skipped. JSON array: the
 * owned elements as `JsonArrayCutter.cut` yields them (separated by commas and
 * whitespace), each a JSON object, lines counted from the first. A bad record is
 * rejected with its 1-based line within the owned bytes and its absolute offset, or
 * fails the decoding, as `onBadRecord` says. Memory: about one batch, one input buffer
 * and the longest record.
 *
 * @throws FormatError `BadRecord` (under `fail`, with `line` and `offset`), or
 *   `InvalidOptions` (missing CSV columns, bad delimiter or batch size).
 */
export async function* decodeRecords(
  owned: AsyncIterable<Uint8Array>,
  options: DecodeRecordsOptions,
): AsyncGenerator<RecordBatch, void, undefined> {
  const batch = new BatchCollector<Row>(batchSizeOf(options));
  yield* drain(owned, createDecoder(options, batch, ownedStartOf(options)), batch);
}

/** Options of `decodeCsvRecords`: those of `decodeRecords` for CSV. */
export type DecodeCsvRecordsOptions = Omit<DecodeRecordsOptions, 'format' | 'columns'> & {
  readonly columns: readonly string[];
};

/**
 * `decodeRecords` of CSV with each record read by position (a `CsvRecord`, fields in
 * column order) rather than a row object: the same records, rejects, errors and batches,
 * without an object and a string per field.
 */
export async function* decodeCsvRecords(
  owned: AsyncIterable<Uint8Array>,
  options: DecodeCsvRecordsOptions,
): AsyncGenerator<RecordBatch<CsvRecord>, void, undefined> {
  const batch = new BatchCollector<CsvRecord>(batchSizeOf(options));
  const decoder = createCsvDecoder(options, batch, ownedStartOf(options), RECORD_SHAPE);
  yield* drain(owned, decoder, batch);
}

interface Decoder {
  feed(bytes: Uint8Array, from: number): number;
  finish(): void | Promise<void>;
}

async function* drain<R>(
  owned: AsyncIterable<Uint8Array>,
  decoder: Decoder,
  batch: BatchCollector<R>,
): AsyncGenerator<RecordBatch<R>, void, undefined> {
  for await (const bytes of owned) {
    for (let i = 0; i < bytes.length;) {
      i = decoder.feed(bytes, i);
      while (batch.full) yield batch.take();
    }
  }
  await decoder.finish();
  while (batch.count > 0) yield batch.take();
}

function batchSizeOf(options: { readonly batchSize?: number | undefined }): number {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw invalid(`batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

function ownedStartOf(options: { readonly ownedStart: number | (() => number) }): () => number {
  const { ownedStart } = options;
  return typeof ownedStart === 'number' ? () => ownedStart : ownedStart;
}

function createDecoder(
  options: DecodeRecordsOptions,
  batch: BatchCollector<Row>,
  ownedStart: () => number,
): Decoder {
  if (options.format === 'jsonl') return new JsonlDecoder(batch, options.onBadRecord, ownedStart);
  if (options.format === 'json') {
    return new JsonArrayDecoder(batch, options.onBadRecord, ownedStart);
  }
  const { columns } = options;
  if (columns === undefined) {
    throw invalid(
      'CSV needs the columns from the header; pass options.columns (see parseCsvHeader)',
    );
  }
  return createCsvDecoder({ ...options, columns }, batch, ownedStart, ROW_SHAPE);
}

function createCsvDecoder<R>(
  options: DecodeCsvRecordsOptions,
  batch: BatchCollector<R>,
  ownedStart: () => number,
  shape: CsvRecordShape<R>,
): Decoder {
  const delimiter = options.delimiter ?? DEFAULT_CSV_DELIMITER;
  delimiterByte(delimiter, 'decodeRecords');
  return new CsvDecoder(batch, {
    columns: options.columns,
    shape,
    delimiter,
    policy: options.onBadRecord,
    ownedStart,
  });
}
