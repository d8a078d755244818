import type { JobManifest, ObjectStore, Row } from '@chunkline/contracts';
import { createCsvRecordWriter } from '@chunkline/formats';
import type {
  CsvOutputColumn,
  CsvRecord,
  RecordBatch,
  RecordLocation,
  RejectedRecord,
} from '@chunkline/formats';
import type { LocatedChunk } from '@chunkline/planning';
import type { CompiledMapping } from '@chunkline/transforms';
import { JobError, JobErrorCode } from './errors.ts';
import type { PartEncoder } from './partEncoder.ts';
import type { TextEncoding } from './partWriter.ts';
import { readCsvRangeRecords, readUnit } from './readUnit.ts';
import type { StartHint, UnitReading } from './readUnit.ts';

/** Longest stretch of transform work between two turns of the event loop. */
const YIELD_AFTER_MS = 50;
/** Rows mapped between two looks at the clock (a slow user module still yields within ms). */
const YIELD_CHECK_ROWS = 16;

/** One batch of a chunk's records, transformed and encoded for its part. */
export interface EncodedBatch {
  readonly data: string | Uint8Array;
  /** How `data`, when a string, becomes bytes. */
  readonly encoding: TextEncoding;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rejects: readonly RejectedRecord[];
}

/** A chunk's records read, mapped and encoded batch by batch, and what reading them learnt. */
export interface TransformedChunk {
  readonly batches: AsyncIterable<EncodedBatch>;
  readonly reading: UnitReading<unknown>;
}

/**
 * Read a chunk's records and run the mapping over them, batch by batch. A byte range of
 * CSV bound for CSV is read by position and mapped by position (`CompiledMapping.byPosition`):
 * the same output without a row object per record, and untouched fields written as the
 * bytes they already are (the batches are byte text). Everything else (other formats,
 * user modules) goes as rows.
 */
export function transformChunk(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  mapping: CompiledMapping,
  hint: StartHint,
  encoder: PartEncoder,
): TransformedChunk {
  const byPosition = positionalPathOf(manifest, chunk, mapping, encoder);
  if (byPosition !== undefined) {
    const { keeps, line, byteText } = byPosition;
    const reading = readCsvRangeRecords(store, manifest, chunk, hint);
    return {
      reading,
      batches: encodeBatches(reading.batches, 'latin1', async (records, locations) => {
        let lines = '';
        let rowsOut = 0;
        let i = 0;
        try {
          for (; i < records.length; i += 1) {
            const record = records[i] as CsvRecord;
            if (!keeps(record)) continue;
            lines += line(record);
            rowsOut += 1;
          }
        } catch (error) {
          throw transformFailed(error, locations[i], chunk.index);
        }
        return { data: byteText(lines), rowsOut };
      }),
    };
  }
  const reading = readUnit(store, manifest, chunk, hint);
  return {
    reading,
    batches: encodeBatches(reading.batches, 'utf8', async (rows, locations) => {
      const out: Row[] = [];
      let busySince = performance.now();
      let i = 0;
      try {
        for (; i < rows.length; i += 1) {
          const mapped = mapping.apply(rows[i] as Row);
          if (mapped !== undefined) out.push(mapped);
          // Reading the clock every row costs more than the mapping of a simple row.
          if (i % YIELD_CHECK_ROWS === 0 && performance.now() - busySince > YIELD_AFTER_MS) {
            // A slow user module must not starve the heartbeat timers and signal handlers.
            await new Promise((resolve) => setImmediate(resolve));
            busySince = performance.now();
          }
        }
      } catch (error) {
        throw transformFailed(error, locations[i], chunk.index);
      }
      return { data: encoder.encode(out), rowsOut: out.length };
    }),
  };
}

/** A mapping's throw on one record, naming the chunk, offset and line of the record. */
function transformFailed(error: unknown, at: RecordLocation | undefined, chunk: number): JobError {
  const reason = error instanceof Error ? error.message : String(error);
  const where = at ? `, byte ${at.offset}, line ${at.line} of the chunk` : '';
  return new JobError(
    JobErrorCode.transformFailed,
    `transform failed on the record at chunk ${chunk}${where}: ${reason}`,
    { cause: error, ...(at ? { offset: at.offset, line: at.line } : {}) },
  );
}

/**
 * The positional path of a chunk: its filter, its line writer and the part text of its
 * lines, all in byte text (see `createCsvRecordWriter`).
 */
interface PositionalPath {
  readonly keeps: (record: CsvRecord) => boolean;
  readonly line: (record: CsvRecord) => string;
  readonly byteText: (lines: string) => string;
}

/**
 * The positional path, when the chunk can take it: a CSV byte range, CSV output, a
 * mapping by position, and output columns in the job's order (a prefix job's object may
 * order its columns otherwise; by name, the row path writes it under the job's header).
 */
function positionalPathOf(
  manifest: JobManifest,
  chunk: LocatedChunk,
  mapping: CompiledMapping,
  encoder: PartEncoder,
): PositionalPath | undefined {
  const { source, unit } = chunk;
  const csvLines = encoder.csvLines;
  if (unit.kind !== 'range' || source.format.kind !== 'csv' || csvLines === undefined) {
    return undefined;
  }
  const columns = source.format.columns;
  const byPosition = mapping.byPosition(columns);
  if (byPosition === undefined) return undefined;
  const written = manifest.output.columns.map((column) => column.name);
  const produced = mapping.outputColumns(columns);
  if (produced.length !== written.length || produced.some((name, i) => name !== written[i])) {
    return undefined;
  }
  const outputs = byPosition.outputs.map(
    ({ index, fn, fnOfByteText, alphabet }): CsvOutputColumn => {
      if (index < 0) return { compute: () => '', alphabet: '' };
      if (fn === undefined) return { copy: index };
      // An op that reads only bytes takes the value's byte text, which a record of byte
      // text (the usual case) hands over without decoding it.
      if (fnOfByteText !== undefined) {
        return { compute: (record) => fnOfByteText(record.byteTextValue(index)), alphabet };
      }
      return { compute: (record) => fn(record.value(index)), alphabet };
    },
  );
  return {
    keeps: byPosition.keeps,
    line: createCsvRecordWriter(csvLines.delimiter, outputs),
    byteText: csvLines.byteText,
  };
}

/** Each batch mapped and encoded by `encode` (text in `encoding`), with its counts and rejects. */
async function* encodeBatches<R>(
  batches: AsyncIterable<RecordBatch<R>>,
  encoding: TextEncoding,
  encode: (
    rows: R[],
    locations: RecordLocation[],
  ) => Promise<{ data: string | Uint8Array; rowsOut: number }>,
): AsyncGenerator<EncodedBatch> {
  for await (const batch of batches) {
    const { data, rowsOut } = await encode(batch.rows, batch.locations);
    const rowsIn = batch.rows.length + batch.rejects.length;
    yield { data, encoding, rowsIn, rowsOut, rejects: batch.rejects };
  }
}
