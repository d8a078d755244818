import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type {
  JobManifest,
  JobSource,
  ObjectStore,
  QuoteState,
  Row,
  ZipEntryPlan,
} from '@chunkline/contracts';
import {
  FormatError,
  JsonArrayCutter,
  RecordCutter,
  ZIP_LOCAL_HEADER_SIZE,
  decodeCsvRecords,
  decodeRecords,
  localHeaderLength,
  readZipEntry,
  jsonArrayStart,
  jsonReadOffset,
  readParquetRows,
  readOffset,
  splitCsvHeader,
} from '@chunkline/formats';
import type {
  CsvRecord,
  CutResult,
  DecodeRecordsOptions,
  JsonCutResult,
  JsonState,
  RecordBatch,
} from '@chunkline/formats';
import type { LocatedChunk } from '@chunkline/planning';
import { toZipEntry } from './describeZip.ts';
import { JobError, JobErrorCode } from './errors.ts';
import { rangeReader } from './rangeReader.ts';
import { readSource } from './readSource.ts';

/** How a chunk's first record is found, when the caller knows better than inference. */
export interface StartHint {
  /** CSV byte ranges: the quote state at the chunk's start. */
  readonly quote?: QuoteState | undefined;
  /** JSON array byte ranges: the lexer state at the chunk's start, proven by the chain. */
  readonly json?: JsonState | undefined;
}

/** A chunk's records (rows, or CSV records by position), and what reading them learnt once all are read. */
export interface UnitReading<R = Row> {
  readonly batches: AsyncIterable<RecordBatch<R>>;
  /** Available after `batches` is exhausted. */
  result(): UnitResult;
  /** CSV byte ranges: the quote state assumed (not inferred) at the start, if any so far. */
  assumedQuoteState?(): QuoteState | undefined;
  /** JSON array byte ranges: true while the start state is a guess a failure may disprove. */
  speculative?(): boolean;
}

/** What the merger needs to know about how a chunk was read. */
export interface UnitResult {
  /** Source bytes this chunk accounts for. */
  readonly bytesIn: number;
  /** CSV byte ranges: how the quote state at the start was established. */
  readonly cut?: CutResult | undefined;
  /** JSON array byte ranges: the lexer states at the start and the end. */
  readonly json?: JsonCutResult | undefined;
}

/**
 * The records of one chunk, whatever its source: a byte range of a text object (the
 * Hadoop rule, via `RecordCutter`), a whole gzip object streamed through gunzip. Every
 * read carries `If-Match` with the source's ETag.
 */
export function readUnit(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  hint: StartHint,
): UnitReading {
  const { source, unit } = chunk;
  const where = `s3://${source.bucket}/${source.key}`;
  if (unit.kind === 'range') return readRange(store, manifest, chunk, hint);
  if (unit.kind === 'whole' && source.format.kind === 'gzip') {
    const inner = source.format.inner;
    const inflated = () =>
      gunzip(readSource(store, source, source.etag, 0, source.size, source.size), where);
    // gzip does not record its decompressed size reliably: a JSON array inside costs one
    // extra pass to count it.
    const size = () => countBytes(inflated());
    return {
      batches: decodeStream(inflated(), inner, manifest, where, size),
      result: () => ({ bytesIn: source.size }),
    };
  }
  if (unit.kind === 'entries') {
    return {
      batches: zipEntryBatches(store, manifest, source, unit.entries),
      result: () => ({ bytesIn: unit.end - unit.start }),
    };
  }
  if (unit.kind === 'rowGroups') {
    const rows =
      unit.count === 0 ? noRows() : readParquetRows(rangeReader(store, source), source.size, unit);
    return {
      batches: parquetBatches(rows, unit.start, where),
      result: () => ({ bytesIn: unit.end - unit.start }),
    };
  }
  throw new JobError(
    JobErrorCode.unsupportedUnit,
    `${where}: chunk ${chunk.index} is a ${unit.kind} unit of a ${source.format.kind} source, which this processor cannot read; run processors of the same version as the dispatcher`,
    { permanent: true },
  );
}

/**
 * The records of a CSV byte range read by position, in the order of the source's columns
 * (see `decodeCsvRecords`).
 */
export function readCsvRangeRecords(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  hint: StartHint,
): UnitReading<CsvRecord> {
  const { source, unit } = chunk;
  if (unit.kind !== 'range' || source.format.kind !== 'csv') {
    throw new JobError(
      JobErrorCode.unsupportedUnit,
      `s3://${source.bucket}/${source.key}: chunk ${chunk.index} is not a byte range of CSV, which alone reads by position`,
      { permanent: true },
    );
  }
  const columns = source.format.columns;
  return readTextRange(store, manifest, chunk, hint, (owned, options) =>
    decodeCsvRecords(owned, { ...options, columns }),
  );
}

function readRange(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  hint: StartHint,
): UnitReading {
  const { source } = chunk;
  if (source.plan.kind === 'ranges' && source.format.kind === 'json') {
    return readJsonRange(store, manifest, chunk, source.plan.dataStart, hint);
  }
  return readTextRange(store, manifest, chunk, hint, decodeRecords);
}

/** How a byte range's owned bytes become batches of records of shape `R`. */
type RangeDecoder<R> = (
  owned: AsyncIterable<Uint8Array>,
  options: DecodeRecordsOptions,
) => AsyncIterable<RecordBatch<R>>;

/** A byte range of CSV or JSON Lines: records cut by the Hadoop rule (`RecordCutter`). */
function readTextRange<R>(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  hint: StartHint,
  decode: RangeDecoder<R>,
): UnitReading<R> {
  const { source, unit } = chunk;
  const format = source.format;
  if (source.plan.kind !== 'ranges' || (format.kind !== 'csv' && format.kind !== 'jsonl')) {
    throw new JobError(
      JobErrorCode.unsupportedUnit,
      `s3://${source.bucket}/${source.key}: byte ranges of a ${format.kind} source cannot be read`,
      { permanent: true },
    );
  }
  const csv = format.kind === 'csv' ? format : undefined;
  const dataStart = source.plan.dataStart;
  const cutter = new RecordCutter({
    format: format.kind,
    start: unit.start,
    end: unit.end,
    dataStart,
    objectSize: source.size,
    ...(csv ? { delimiter: csv.delimiter } : {}),
    ...(hint.quote ? { startState: hint.quote } : {}),
  });
  const from = readOffset({ start: unit.start, dataStart });
  const bytes = readSource(store, source, source.etag, from, unit.end, source.size);
  const batches = decode(cutter.cut(bytes), {
    format: format.kind,
    ...(csv ? { columns: csv.columns, delimiter: csv.delimiter } : {}),
    ownedStart: () => cutter.ownedStart ?? unit.start,
    onBadRecord: manifest.onBadRecord,
  });
  return {
    batches,
    assumedQuoteState: () => cutter.assumedState,
    result: () => {
      const cut = cutter.result;
      return { bytesIn: cut.ownedEnd - cut.ownedStart, ...(csv ? { cut } : {}) };
    },
  };
}

/** A byte range of a JSON array: elements cut by `JsonArrayCutter`, whose states the merger chains. */
function readJsonRange(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  dataStart: number,
  hint: StartHint,
): UnitReading {
  const { source, unit } = chunk;
  const cutter = new JsonArrayCutter({
    start: unit.start,
    end: unit.end,
    dataStart,
    objectSize: source.size,
    ...(hint.json ? { startState: hint.json } : {}),
  });
  const from = jsonReadOffset({ start: unit.start, dataStart });
  const bytes = readSource(store, source, source.etag, from, unit.end, source.size);
  const where = `s3://${source.bucket}/${source.key}`;
  return {
    batches: located(
      decodeRecords(cutter.cut(bytes), {
        format: 'json',
        ownedStart: () => cutter.ownedStart ?? unit.start,
        onBadRecord: manifest.onBadRecord,
      }),
      where,
    ),
    speculative: () => cutter.speculative,
    result: () => {
      const json = cutter.result;
      return { bytesIn: json.ownedEnd - json.ownedStart, json };
    },
  };
}

/** A whole JSON array in a stream: find its `[`, then cut every element. */
async function* wholeJsonArray(
  bytes: AsyncIterable<Uint8Array>,
  size: number,
  manifest: JobManifest,
): AsyncGenerator<RecordBatch> {
  const { first, rest } = await firstBytes(bytes, 64 * 1024);
  const dataStart = jsonArrayStart(first);
  const cutter = new JsonArrayCutter({ start: dataStart, end: size, dataStart, objectSize: size });
  yield* decodeRecords(cutter.cut(prepend(first.subarray(dataStart), rest)), {
    format: 'json',
    ownedStart: () => cutter.ownedStart ?? dataStart,
    onBadRecord: manifest.onBadRecord,
  });
}

/**
 * Decode a whole stream of records (a decompressed object or archive entry): CSV reads its
 * own header, whose columns must be the job's. Offsets are within the decompressed bytes.
 */
export async function* decodeStream(
  bytes: AsyncIterable<Uint8Array>,
  format: 'csv' | 'jsonl' | 'json',
  manifest: JobManifest,
  where: string,
  /** The decompressed size; a JSON array needs it to tell its end from a truncation. */
  size: () => Promise<number>,
): AsyncGenerator<RecordBatch> {
  try {
    if (format === 'csv') {
      const { header, rest } = await splitCsvHeader(bytes, manifest.records.delimiter);
      checkColumns(header.columns, manifest, where);
      yield* decodeRecords(rest, {
        format: 'csv',
        columns: header.columns,
        delimiter: header.delimiter,
        ownedStart: header.dataStart,
        onBadRecord: manifest.onBadRecord,
      });
      return;
    }
    if (format === 'json') {
      yield* wholeJsonArray(bytes, await size(), manifest);
      return;
    }
    yield* decodeRecords(bytes, { format, ownedStart: 0, onBadRecord: manifest.onBadRecord });
  } catch (error) {
    throw locatedError(error, where);
  }
}

/** The columns of every CSV source must be the job's (in any order). */
function checkColumns(columns: readonly string[], manifest: JobManifest, where: string): void {
  const expected = manifest.records.columns.map((c) => c.name);
  const same =
    columns.length === expected.length &&
    [...columns].sort().join('\0') === [...expected].sort().join('\0');
  if (!same) {
    throw new JobError(
      JobErrorCode.columnsMismatch,
      `${where}: its columns (${columns.join(', ')}) differ from the job's (${expected.join(', ')}), taken from its first object; process objects with different columns as separate jobs`,
      { permanent: true },
    );
  }
}

/** Stream through gunzip; a damaged or truncated stream is a permanent, located error. */
async function* gunzip(
  compressed: AsyncIterable<Uint8Array>,
  where: string,
): AsyncGenerator<Uint8Array> {
  const inflater = Readable.from(compressed).pipe(createGunzip());
  try {
    for await (const block of inflater) yield block as Uint8Array;
  } catch (error) {
    if (error instanceof Error && 'errno' in error) {
      throw new FormatError(
        'CorruptInput',
        `formats: ${where} is not a valid gzip stream (${error.message}); it is truncated or damaged, upload it again`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    inflater.destroy();
  }
}

/**
 * The records of a group of ZIP entries, one entry after the other: each entry's bytes
 * (local header, data, descriptor) are one ranged read, inflated as a stream with its
 * CRC-32 checked, and decoded in its own format.
 */
async function* zipEntryBatches(
  store: ObjectStore,
  manifest: JobManifest,
  source: JobSource,
  entries: readonly ZipEntryPlan[],
): AsyncGenerator<RecordBatch> {
  for (const plan of entries) {
    const entry = toZipEntry(plan);
    const where = `s3://${source.bucket}/${source.key} (entry ${plan.name})`;
    const range = { start: plan.localHeaderOffset, end: plan.end };
    const bytes = await store.getStream(source, { range, ifMatch: source.etag });
    let { first, rest } = await firstBytes(bytes, ZIP_LOCAL_HEADER_SIZE);
    const headerLength = locatedSync(() => localHeaderLength(first, entry), where);
    if (first.length < headerLength) {
      const more = await firstBytes(prepend(first, rest), headerLength);
      ({ first, rest } = more);
    }
    const data = readZipEntry(prepend(first.subarray(headerLength), rest), entry);
    yield* decodeStream(data, plan.format, manifest, where, async () => plan.uncompressedSize);
  }
}

function locatedSync<T>(run: () => T, where: string): T {
  try {
    return run();
  } catch (error) {
    throw locatedError(error, where);
  }
}

/** Parquet rows in batches; a row's location is its number in the chunk and its row group's offset. */
async function* parquetBatches(
  rows: AsyncIterable<Row[]>,
  offset: number,
  where: string,
): AsyncGenerator<RecordBatch> {
  let line = 0;
  try {
    for await (const batch of rows) {
      const locations = batch.map(() => ({ line: ++line, offset }));
      yield { rows: batch, locations, rejects: [] };
    }
  } catch (error) {
    throw locatedError(error, where);
  }
}

async function* noRows(): AsyncGenerator<Row[]> {}

/** Batches whose errors name the object (and entry) they came from. */
async function* located(
  batches: AsyncIterable<RecordBatch>,
  where: string,
): AsyncGenerator<RecordBatch> {
  try {
    yield* batches;
  } catch (error) {
    throw locatedError(error, where);
  }
}

/** Prefix an error from decoding with the object (and entry) it came from. */
function locatedError(error: unknown, where: string): unknown {
  if (error instanceof FormatError && !error.message.includes(where)) {
    return new FormatError(error.code, `${where}: ${error.message}`, {
      cause: error,
      line: error.line,
      offset: error.offset,
    });
  }
  return error;
}

/** At least `atLeast` bytes from the start of a stream (fewer if it is shorter), and the rest. */
async function firstBytes(
  bytes: AsyncIterable<Uint8Array>,
  atLeast: number,
): Promise<{ first: Uint8Array; rest: AsyncIterator<Uint8Array> }> {
  const iterator = bytes[Symbol.asyncIterator]();
  const blocks: Uint8Array[] = [];
  let length = 0;
  while (length < atLeast) {
    const next = await iterator.next();
    if (next.done) break;
    blocks.push(next.value);
    length += next.value.length;
  }
  return { first: Buffer.concat(blocks), rest: iterator };
}

async function* prepend(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function countBytes(bytes: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const block of bytes) total += block.length;
  return total;
}
