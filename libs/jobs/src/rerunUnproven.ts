import type { ChunkResult, JobManifest } from '@chunkline/contracts';
import { JSON_ARRAY_START_STATE, reconcileQuoteStates, resolveJsonChain } from '@chunkline/formats';
import { chunksOf, layoutUnder, locateChunk } from '@chunkline/planning';
import type { CompiledMapping } from '@chunkline/transforms';
import { compileJobMapping } from './compileJobMapping.ts';
import type { ProcessDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import { describeFailure, failJob, recordFailure } from './failures.ts';
import type { StartHint } from './readUnit.ts';
import { newRunId } from './newRunId.ts';
import { runChunk } from './runChunk.ts';

/** A re-run chunk failed on its own data: the job has failed, and its status says where. */
export class RerunFailed extends Error {
  override readonly name = 'RerunFailed';
  readonly index: number;

  constructor(index: number, message: string, cause: unknown) {
    super(message, { cause });
    this.index = index;
  }
}

/**
 * The boundary rule's second half, run by the merger: a chunk cut from a guessed start
 * state (CSV quote state, JSON lexer state) is checked against the chain its predecessors
 * prove, and re-run with the proven state when the guess was wrong. Each object of a job
 * has its own chain. Returns how many chunks were re-run.
 *
 * @throws RerunFailed when a re-run fails (bad data): the job is recorded as failed.
 */
export async function rerunUnproven(
  deps: ProcessDeps,
  manifest: JobManifest,
  ordered: ChunkResult[],
): Promise<number> {
  let mapping: CompiledMapping | undefined;
  let rerun = 0;
  const runWith = async (
    index: number,
    hint: StartHint,
    suffix: 'inside' | 'outside' | 'proven',
  ) => {
    deps.log.warn('chunk.rerun', { jobId: manifest.jobId, chunk: index, rerun: suffix });
    mapping ??= await compileJobMapping(deps, manifest);
    const layout = layoutUnder(manifest.staging.prefix);
    const run = newRunId();
    try {
      ordered[index] = await runChunk(deps, {
        manifest,
        chunk: locateChunk(manifest, index),
        mapping,
        partKey: layout.part(index, run, suffix),
        rejectsKey: layout.rejects(index, run, suffix),
        hint,
      });
    } catch (error) {
      const details = describeFailure(error);
      const failure = await recordFailure(
        deps.store,
        manifest,
        index,
        details,
        1,
        true,
        nowOf(deps),
      );
      await failJob(deps.store, manifest, `chunk ${index}: ${details.message}`, nowOf(deps), [
        failure,
      ]);
      throw new RerunFailed(index, details.message, error);
    }
    rerun += 1;
  };
  for (const source of manifest.sources) {
    if (source.plan.kind !== 'ranges') continue;
    const mine = (): ChunkResult[] =>
      ordered.slice(source.firstChunk, source.firstChunk + chunksOf(source.plan));
    if (source.format.kind === 'csv') {
      const wrong = reconcileQuoteStates(
        mine().map((r) => ({
          startState: r.quote?.startState ?? 'outside',
          quoteParity: r.quote?.parity ?? 0,
        })),
      );
      for (const { index, startState } of wrong)
        await runWith(source.firstChunk + index, { quote: startState }, startState);
    }
    if (source.format.kind === 'json') {
      for (let fix = jsonFix(mine()); fix; fix = jsonFix(mine()))
        await runWith(source.firstChunk + fix.index, { json: fix.state }, 'proven');
    }
  }
  return rerun;
}

/** The first JSON chunk of one object whose start state the chain does not prove. */
function jsonFix(results: readonly ChunkResult[]) {
  return resolveJsonChain(
    JSON_ARRAY_START_STATE,
    results.map((r) => (r.json && !r.json.unproven ? r.json : undefined)),
  );
}
