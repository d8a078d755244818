import type { JobStatus } from '@chunkline/contracts';
import { listJobIds, readJobStatus } from '@chunkline/jobs';
import type { CliContext } from '../cliContext.ts';
import type { Output } from './statusCommand.ts';

/** `chunkline jobs [--json]`: every job in staging with its state and progress. */
export async function jobsCommand(
  context: CliContext,
  json: boolean,
  out: Output,
): Promise<number> {
  const statuses: JobStatus[] = [];
  for (const jobId of await listJobIds(context.store, context.staging)) {
    const status = await readJobStatus(context.store, context.staging, jobId);
    if (status) statuses.push(status);
  }
  statuses.sort((a, b) => b.timings.createdAt.localeCompare(a.timings.createdAt));
  if (json) {
    out.write(`${JSON.stringify(statuses, null, 2)}\n`);
    return 0;
  }
  if (statuses.length === 0) out.write('no jobs\n');
  for (const s of statuses) {
    const failed = s.chunks.failed > 0 ? `  ${s.chunks.failed} failed` : '';
    out.write(
      `${s.jobId}  ${s.state.padEnd(9)}  ${String(s.chunks.done).padStart(5)}/${s.chunks.total} chunks${failed}  ${s.timings.createdAt}  s3://${s.source.bucket}/${s.source.key}\n`,
    );
  }
  return 0;
}
