import { chunkRange, planChunks } from '@chunkline/planning';

/** The planner on a synthetic object: chunk count, and the time to plan and enumerate every range. */
export interface PlanningFigure {
  readonly objectBytes: number;
  readonly chunkSize: number;
  readonly chunks: number;
  readonly milliseconds: number;
}

const MiB = 1024 * 1024;

/**
 * Plan a synthetic object of `objectBytes` (default 5 TiB) with the default chunk size and
 * threshold, and list every chunk's range, as the dispatcher does; the median of 5 runs.
 */
export function planningAtScale(objectBytes = 5 * 1024 ** 4): PlanningFigure {
  const times: number[] = [];
  let plan = planChunks({
    dataStart: 0,
    dataEnd: objectBytes,
    chunkSize: 64 * MiB,
    singleChunkThreshold: 16 * MiB,
  });
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    plan = planChunks({
      dataStart: 1024,
      dataEnd: objectBytes,
      chunkSize: 64 * MiB,
      singleChunkThreshold: 16 * MiB,
    });
    let covered = 0;
    for (let i = 0; i < plan.chunkCount; i += 1) {
      const range = chunkRange(plan, i);
      covered += range.end - range.start;
    }
    if (covered !== objectBytes - 1024) throw new Error(`bench: plan covers ${covered} bytes`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    objectBytes,
    chunkSize: plan.chunkSize,
    chunks: plan.chunkCount,
    milliseconds: times[2] ?? 0,
  };
}
