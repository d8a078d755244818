import type { ChunkResult, JobManifest, QuoteState } from '@chunkline/contracts';
import { FormatError, compressBlock } from '@chunkline/formats';
import type { RejectedRecord } from '@chunkline/formats';
import type { CompiledMapping } from '@chunkline/transforms';
import type { LocatedChunk } from '@chunkline/planning';
import type { JobDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import { createPartEncoder } from './partEncoder.ts';
import { PartWriter } from './partWriter.ts';
import type { TextEncoding } from './partWriter.ts';
import { transformChunk } from './transformChunk.ts';
import type { StartHint } from './readUnit.ts';

/** How one chunk is to be run. */
export interface RunChunkOptions {
  readonly manifest: JobManifest;
  readonly chunk: LocatedChunk;
  readonly mapping: CompiledMapping;
  /** Where the part goes: a key of this run's own (see `newRunId`). */
  readonly partKey: string;
  readonly rejectsKey: string;
  /** How the chunk's first record is found, when known; otherwise it is inferred. */
  readonly hint?: StartHint | undefined;
}

/**
 * The processing of one chunk, from source bytes to part object: read its records and
 * transform them in batches (see `transformChunk`), encode them in the output format, compress
 * block by block when asked, and stream the part out. Memory holds one read block, one
 * batch and one part buffer, never the whole chunk.
 *
 * A CSV chunk whose start state had to be assumed is retried with the opposite state if
 * the assumption turns out wrong while cutting, or makes a record malformed.
 */
export async function runChunk(deps: JobDeps, options: RunChunkOptions): Promise<ChunkResult> {
  try {
    return await runOnce(deps, options, options.hint ?? {});
  } catch (error) {
    if (options.hint?.quote === undefined && error instanceof MisspeculationRetry) {
      deps.log.info('chunk.quote-state-retry', {
        chunk: options.chunk.index,
        state: error.retryWith,
      });
      return runOnce(deps, options, { quote: error.retryWith });
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
  hint: StartHint,
): Promise<ChunkResult> {
  const { manifest, chunk, mapping } = options;
  const startedAt = nowOf(deps).toISOString();
  const { output } = manifest;
  const encoder = createPartEncoder(manifest, chunk.index);
  const { reading, batches } = transformChunk(deps.store, manifest, chunk, mapping, hint, encoder);
  const bucket = manifest.staging.bucket;
  const part = new PartWriter(deps.store, { bucket, key: options.partKey }, output.contentType);
  let rejects: PartWriter | undefined;
  let rejected = 0;
  let rowsIn = 0;
  let rowsOut = 0;
  // Uncompressed text goes straight into the part's buffer; gzip needs the bytes first.
  const write = (data: string | Uint8Array, encoding: TextEncoding = 'utf8'): Promise<void> =>
    output.compression === 'none'
      ? part.write(data, encoding)
      : part.write(
          compressBlock(
            output.compression,
            typeof data === 'string' ? Buffer.from(data, encoding) : data,
          ),
        );
  let lead: number | undefined;
  try {
    for await (const batch of batches) {
      rowsIn += batch.rowsIn;
      rowsOut += batch.rowsOut;
      let data = batch.data;
      if (lead === undefined && encoder.lead > 0 && data.length > 0) {
        // A JSON part's leading separator is its own gzip member, so the merger can leave it out.
        const before = part.size;
        await write(data.slice(0, encoder.lead), batch.encoding);
        lead = part.size - before;
        data = data.slice(encoder.lead);
      }
      await write(data, batch.encoding);
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
    await write(encoder.finish());
    await part.close();
    if (rejects) await rejects.close();
  } catch (error) {
    await part.abort();
    await rejects?.abort();
    if (reading.speculative?.() && error instanceof FormatError) {
      // A guessed JSON start state the bytes contradict, or bad data: the merger re-runs the
      // chunk with the state the chain proves, and only then is an error the data's.
      deps.log.info('chunk.json-state-unproven', { chunk: chunk.index, code: error.code });
      return unprovenJsonChunk(chunk.index, options.partKey, startedAt, nowOf(deps));
    }
    const assumed = reading.assumedQuoteState?.();
    if (hint.quote === undefined && assumed !== undefined && error instanceof FormatError) {
      throw new MisspeculationRetry(assumed === 'outside' ? 'inside' : 'outside', error);
    }
    throw error;
  }
  const result = reading.result();
  const cut = result.cut;
  return {
    v: 1,
    index: chunk.index,
    part: { key: options.partKey, size: part.size, ...(lead !== undefined ? { lead } : {}) },
    ...(rejects ? { rejects: { key: options.rejectsKey, count: rejected } } : {}),
    bytesIn: result.bytesIn,
    rowsIn,
    rowsOut,
    ...(cut
      ? { quote: { startState: cut.startState, how: cut.how, parity: cut.quoteParity } }
      : {}),
    ...(result.json
      ? {
          json: {
            startState: result.json.startState,
            how: result.json.how,
            endState: result.json.endState,
          },
        }
      : {}),
    ...(encoder.description ? { parquet: encoder.description() } : {}),
    startedAt,
    finishedAt: nowOf(deps).toISOString(),
  };
}

/** The result of a JSON chunk whose guessed start state failed: no part, to be re-run. */
function unprovenJsonChunk(
  index: number,
  partKey: string,
  startedAt: string,
  now: Date,
): ChunkResult {
  const unknown = { inString: false, escaped: false, depth: 0 };
  return {
    v: 1,
    index,
    part: { key: partKey, size: 0 },
    bytesIn: 0,
    rowsIn: 0,
    rowsOut: 0,
    json: { startState: unknown, how: 'assumed', endState: unknown, unproven: true },
    startedAt,
    finishedAt: now.toISOString(),
  };
}

function rejectLine(chunk: number, reject: RejectedRecord): string {
  return `${JSON.stringify({ chunk, line: reject.line, offset: reject.offset, reason: reject.reason, record: reject.raw })}\n`;
}
