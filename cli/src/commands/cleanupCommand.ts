import { readJobStatus, removeJob } from '@chunkline/jobs';
import type { CliContext } from '../cliContext.ts';
import { CliError } from '../cliError.ts';
import { resolveJobId } from './resolveJobId.ts';
import type { Output } from './statusCommand.ts';

/**
 * `chunkline cleanup <job | s3://bucket/key> [--force] [--json]`: remove a failed job's staging state
 * (manifest, parts, markers, failure records, status) and abort its open uploads. A job
 * that is not failed is left alone unless `--force`.
 */
export async function cleanupCommand(
  context: CliContext,
  target: string,
  force: boolean,
  json: boolean,
  out: Output,
): Promise<number> {
  const jobId = await resolveJobId(context, target);
  const status = await readJobStatus(context.store, context.staging, jobId);
  if (!status) throw new CliError(`job ${jobId} not found`, 1);
  if (status.state !== 'failed' && !force) {
    throw new CliError(
      `job ${jobId} is ${status.state}, not failed; add --force to remove its staging state anyway`,
    );
  }
  const removed = await removeJob(context.store, context.staging, jobId, status.output);
  if (json) {
    out.write(`${JSON.stringify({ jobId, ...removed })}\n`);
    return 0;
  }
  out.write(
    `removed ${removed.objects} staging object(s) and aborted ${removed.uploads} upload(s) of job ${jobId}\n`,
  );
  return 0;
}
