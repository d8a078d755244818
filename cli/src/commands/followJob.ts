import type { ChunkResult, JobStatus, ObjectStore } from '@chunkline/contracts';
import { readJobStatus } from '@chunkline/jobs';
import type { Staging } from '@chunkline/jobs';
import { isFinished, renderProgress } from '../progressBar.ts';

/** Where progress goes: a terminal gets one line redrawn in place, a log a line per change. */
export interface ProgressOutput {
  readonly write: (text: string) => void;
  readonly isTty: boolean;
}

/**
 * Poll a job's status until it finishes. Each done marker is read once (they never
 * change), so polling stays cheap on big jobs.
 */
export async function followJob(
  store: ObjectStore,
  staging: Staging,
  jobId: string,
  out: ProgressOutput,
  options: { intervalMs?: number; deadline?: number } = {},
): Promise<JobStatus | undefined> {
  const cache = new Map<string, ChunkResult>();
  let status: JobStatus | undefined;
  let shown = '';
  for (;;) {
    status = await readJobStatus(store, staging, jobId, cache);
    if (status) {
      const progress = `${status.state} ${status.chunks.done}/${status.chunks.total}`;
      if (out.isTty) out.write(`\r${renderProgress(status)}`);
      else if (progress !== shown) out.write(`${renderProgress(status)}\n`);
      shown = progress;
    }
    if (
      (status && isFinished(status)) ||
      (options.deadline !== undefined && Date.now() > options.deadline)
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
  }
  if (out.isTty) out.write('\n');
  return status;
}
