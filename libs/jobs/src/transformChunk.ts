import type { JobManifest, ObjectStore, Row } from '@chunkline/contracts';
import type { RecordBatch, RecordLocation, RejectedRecord } from '@chunkline/formats';
import type { LocatedChunk } from '@chunkline/planning';
import type { CompiledMapping, ValuesMapping } from '@chunkline/transforms';
import { JobError, JobErrorCode } from './errors.ts';
import type { PartEncoder } from './partEncoder.ts';
import { readCsvRangeValues, readUnit } from './readUnit.ts';
import type { StartHint, UnitReading } from './readUnit.ts';

/** Longest stretch of transform work between two turns of the event loop. */
const YIELD_AFTER_MS = 50;
/** Rows mapped between two looks at the clock (a slow user module still yields within ms). */
const YIELD_CHECK_ROWS = 16;

/** One batch of a chunk's records, transformed and encoded for its part. */
export interface EncodedBatch {
  readonly data: string | Uint8Array;
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
 * CSV bound for CSV is read as values and mapped by position (`CompiledMapping.forValues`):
 * the same output without a row object per record, which the row path spends a third of
 * its time on. Everything else (other formats, user modules) goes as rows.
 */
export function transformChunk(
  store: ObjectStore,
  manifest: JobManifest,
  chunk: LocatedChunk,
  mapping: CompiledMapping,
  hint: StartHint,
  encoder: PartEncoder,
): TransformedChunk {
  const byValues = valuesPathOf(manifest, chunk, mapping, encoder);
  if (byValues !== undefined) {
    const reading = readCsvRangeValues(store, manifest, chunk, hint);
    const encode = byValues.encodeValues;
    return {
      reading,
      batches: encodeBatches(reading.batches, async (values, locations) => {
        const out: string[][] = [];
        for (let i = 0; i < values.length; i += 1) {
          const mapped = mapAt(() => byValues.mapping.apply(values[i] as string[]), locations[i]);
          if (mapped !== undefined) out.push(mapped);
        }
        return { data: encode(out), rowsOut: out.length };
      }),
    };
  }
  const reading = readUnit(store, manifest, chunk, hint);
  return {
    reading,
    batches: encodeBatches(reading.batches, async (rows, locations) => {
      const out: Row[] = [];
      let busySince = performance.now();
      for (let i = 0; i < rows.length; i += 1) {
        const mapped = mapAt(() => mapping.apply(rows[i] as Row), locations[i]);
        // Reading the clock every row costs more than the mapping of a simple row.
        if (i % YIELD_CHECK_ROWS === 0 && performance.now() - busySince > YIELD_AFTER_MS) {
          // A slow user module must not starve the heartbeat timers and signal handlers.
          await new Promise((resolve) => setImmediate(resolve));
          busySince = performance.now();
        }
        if (mapped !== undefined) out.push(mapped);
      }
      return { data: encoder.encode(out), rowsOut: out.length };
    }),
  };

  /** Run the mapping on one record; a throw names the chunk, offset and line of the record. */
  function mapAt<T>(map: () => T, at: RecordLocation | undefined): T {
    try {
      return map();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const where = at ? `, byte ${at.offset}, line ${at.line} of the chunk` : '';
      throw new JobError(
        JobErrorCode.transformFailed,
        `transform failed on the record at chunk ${chunk.index}${where}: ${reason}`,
        { cause: error, ...(at ? { offset: at.offset, line: at.line } : {}) },
      );
    }
  }
}

/** The mapping by position and the encoder of value lists, when the chunk can take that path. */
function valuesPathOf(
  manifest: JobManifest,
  chunk: LocatedChunk,
  mapping: CompiledMapping,
  encoder: PartEncoder,
): { mapping: ValuesMapping; encodeValues: NonNullable<PartEncoder['encodeValues']> } | undefined {
  const { source, unit } = chunk;
  const encodeValues = encoder.encodeValues;
  if (unit.kind !== 'range' || source.format.kind !== 'csv' || encodeValues === undefined) {
    return undefined;
  }
  const columns = source.format.columns;
  const byValues = mapping.forValues(columns);
  // Values come out in this source's output order; the part's header is the job's.
  const written = manifest.output.columns.map((column) => column.name);
  const produced = byValues === undefined ? [] : mapping.outputColumns(columns);
  const same =
    produced.length === written.length && produced.every((name, i) => name === written[i]);
  return byValues !== undefined && same ? { mapping: byValues, encodeValues } : undefined;
}

/** Each batch mapped and encoded by `encode`, with its counts and rejects. */
async function* encodeBatches<R>(
  batches: AsyncIterable<RecordBatch<R>>,
  encode: (
    rows: R[],
    locations: RecordLocation[],
  ) => Promise<{ data: string | Uint8Array; rowsOut: number }>,
): AsyncGenerator<EncodedBatch> {
  for await (const batch of batches) {
    const { data, rowsOut } = await encode(batch.rows, batch.locations);
    const rowsIn = batch.rows.length + batch.rejects.length;
    yield { data, rowsIn, rowsOut, rejects: batch.rejects };
  }
}
