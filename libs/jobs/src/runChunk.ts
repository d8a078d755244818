import type { ChunkResult, JobManifest, QuoteState, Row } from '@chunkline/contracts';
import {
  FormatError,
  RecordCutter,
  createCsvRowWriter,
  csvHeaderLine,
  decodeRecords,
  jsonlLine,
  readOffset,
} from '@chunkline/formats';
import type { RecordLocation, RejectedRecord } from '@chunkline/formats';
import type { CompiledMapping } from '@chunkline/transforms';
import type { ChunkRange } from '@chunkline/planning';
import type { JobDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import { JobError, JobErrorCode } from './errors.ts';
import { PartWriter } from './partWriter.ts';
import { readSource } from './readSource.ts';

/** Longest stretch of transform work between two turns of the event loop. */
const YIELD_AFTER_MS = 50;

/** How one chunk is to be run. */
export interface RunChunkOptions {
  readonly manifest: JobManifest;
  readonly chunk: ChunkRange;
  readonly mapping: CompiledMapping;
  /** Where the part goes; a re-run with a forced quote state uses its own key. */
  readonly partKey: string;
  readonly rejectsKey: string;
  /** CSV: the quote state at the chunk's start, when known; otherwise it is inferred. */
  readonly startState?: QuoteState | undefined;
}

/**
 * The processing of one chunk, from source bytes to part object: read its range (and past
 * it to finish the last record) with `If-Match`, keep the records that start inside it,
 * decode them in batches, transform, serialize and stream the part out. Memory holds one
 * read block, one batch and one part buffer, never the whole chunk.
 *
 * A CSV chunk whose start state had to be assumed is retried with the opposite state if
 * the assumption turns out wrong while cutting, or makes a record malformed.
 */
export async function runChunk(deps: JobDeps, options: RunChunkOptions): Promise<ChunkResult> {
  try {
    return await runOnce(deps, options, options.startState);
  } catch (error) {
    if (options.startState === undefined && error instanceof MisspeculationRetry) {
      deps.log.info('chunk.quote-state-retry', {
        chunk: options.chunk.index,
        state: error.retryWith,
      });
      return runOnce(deps, options, error.retryWith);
    }
    throw error;
  }
}

/** Thrown when an assumed quote state proved wrong; carries the state to retry with. */
class MisspeculationRetry extends Error {
  override readonly name = 'MisspeculationRetry';
  readonly retryWith: QuoteState;

  constructor(retryWith: QuoteState, cause: unknown) {
    super(`quote state misspeculated; retrying with ${retryWith}`, { cause });
    this.retryWith = retryWith;
  }
}

async function runOnce(
  deps: JobDeps,
  options: RunChunkOptions,
  startState: QuoteState | undefined,
): Promise<ChunkResult> {
  const { manifest, chunk, mapping } = options;
  const startedAt = nowOf(deps).toISOString();
  const { source, format, plan } = manifest;
  const csv = format.kind === 'csv' ? format : undefined;
  const cutter = new RecordCutter({
    format: format.kind,
    start: chunk.start,
    end: chunk.end,
    dataStart: plan.dataStart,
    objectSize: source.size,
    ...(csv ? { delimiter: csv.delimiter } : {}),
    ...(startState ? { startState } : {}),
  });
  const from = readOffset({ start: chunk.start, dataStart: plan.dataStart });
  const bytes = readSource(deps.store, source, source.etag, from, chunk.end, source.size);
  const bucket = manifest.staging.bucket;
  const part = new PartWriter(
    deps.store,
    { bucket, key: options.partKey },
    manifest.output.contentType,
  );
  let rejects: PartWriter | undefined;
  let rejected = 0;
  let rowsIn = 0;
  let rowsOut = 0;
  const outputColumns = csv ? mapping.outputColumns(csv.columns) : [];
  const serialize: (row: Row) => string = csv
    ? createCsvRowWriter(outputColumns, csv.delimiter)
    : jsonlLine;
  try {
    // The header appears once: in the first part. An empty object has none.
    if (csv && chunk.index === 0 && csv.columns.length > 0)
      await part.write(csvHeaderLine(outputColumns, csv.delimiter));
    const batches = decodeRecords(cutter.cut(bytes), {
      format: format.kind,
      ...(csv ? { columns: csv.columns, delimiter: csv.delimiter } : {}),
      ownedStart: () => cutter.ownedStart ?? chunk.start,
      onBadRecord: manifest.onBadRecord,
    });
    for await (const batch of batches) {
      rowsIn += batch.rows.length + batch.rejects.length;
      let text = '';
      let busySince = performance.now();
      for (const [i, row] of batch.rows.entries()) {
        const out = applyAt(mapping, row, batch.locations[i], chunk.index);
        if (performance.now() - busySince > YIELD_AFTER_MS) {
          // A slow user module must not starve the heartbeat timers and signal handlers.
          await new Promise((resolve) => setImmediate(resolve));
          busySince = performance.now();
        }
        if (out === undefined) continue;
        text += serialize(out);
        rowsOut += 1;
      }
      await part.write(text);
      if (batch.rejects.length > 0) {
        rejects ??= new PartWriter(
          deps.store,
          { bucket, key: options.rejectsKey },
          'application/x-ndjson',
        );
        rejected += batch.rejects.length;
        await rejects.write(batch.rejects.map((r) => rejectLine(chunk.index, r)).join(''));
      }
    }
    await part.close();
    if (rejects) await rejects.close();
  } catch (error) {
    await part.abort();
    await rejects?.abort();
    const assumed = startState === undefined && cutter.assumedState !== undefined;
    if (csv && assumed && error instanceof FormatError) {
      throw new MisspeculationRetry(
        cutter.assumedState === 'outside' ? 'inside' : 'outside',
        error,
      );
    }
    throw error;
  }
  const result = cutter.result;
  return {
    v: 1,
    index: chunk.index,
    part: { key: options.partKey, size: part.size },
    ...(rejects ? { rejects: { key: options.rejectsKey, count: rejected } } : {}),
    bytesIn: result.ownedEnd - result.ownedStart,
    rowsIn,
    rowsOut,
    ...(csv
      ? { quote: { startState: result.startState, how: result.how, parity: result.quoteParity } }
      : {}),
    startedAt,
    finishedAt: nowOf(deps).toISOString(),
  };
}

function rejectLine(chunk: number, reject: RejectedRecord): string {
  return `${JSON.stringify({ chunk, line: reject.line, offset: reject.offset, reason: reject.reason, record: reject.raw })}\n`;
}

/** Apply the mapping to one record; a throw names the chunk, offset and line of the record. */
function applyAt(
  mapping: CompiledMapping,
  row: Row,
  at: RecordLocation | undefined,
  chunk: number,
): Row | undefined {
  try {
    return mapping.apply(row);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = at ? `, byte ${at.offset}, line ${at.line} of the chunk` : '';
    throw new JobError(
      JobErrorCode.transformFailed,
      `transform failed on the record at chunk ${chunk}${where}: ${reason}`,
      {
        cause: error,
        ...(at ? { offset: at.offset, line: at.line } : {}),
      },
    );
  }
}
