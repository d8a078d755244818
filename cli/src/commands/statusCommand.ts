import type { JobStatus } from '@chunkline/contracts';
import { readJobStatus } from '@chunkline/jobs';
import type { CliContext } from '../cliContext.ts';
import { CliError } from '../cliError.ts';
import { formatBytes, isFinished, renderProgress } from '../progressBar.ts';
import { followJob } from './followJob.ts';
import { resolveJobId } from './resolveJobId.ts';

/** Where a command writes, and whether that is a terminal. */
export interface Output {
  readonly write: (text: string) => void;
  readonly isTty: boolean;
}

/**
 * `chunkline status <job | s3://bucket/key> [--json]`: a live progress bar on a terminal
 * until the job ends, one line otherwise, or the status as JSON. Exit status 1 when the
 * job failed.
 */
export async function statusCommand(
  context: CliContext,
  target: string,
  json: boolean,
  out: Output,
): Promise<number> {
  const jobId = await resolveJobId(context, target);
  let status: JobStatus | undefined;
  if (json) {
    status = await readJobStatus(context.store, context.staging, jobId);
    if (status) out.write(`${JSON.stringify(status, null, 2)}\n`);
  } else if (out.isTty) {
    status = await followJob(context.store, context.staging, jobId, out);
  } else {
    status = await readJobStatus(context.store, context.staging, jobId);
    if (status) out.write(`${renderProgress(status)}\n`);
  }
  if (!status)
    throw new CliError(
      `job ${jobId} not found under s3://${context.staging.bucket}/${context.staging.prefix}`,
      1,
    );
  if (!json) out.write(describeStatus(status));
  return status.state === 'failed' ? 1 : 0;
}

/** The lines under the bar: where the output is, and what failed where. */
export function describeStatus(status: JobStatus): string {
  const lines = [`job ${status.jobId}  s3://${status.source.bucket}/${status.source.key}`];
  if (isFinished(status) || status.rows.in > 0) {
    lines.push(
      `rows in ${status.rows.in}, out ${status.rows.out}, rejected ${status.rows.rejected}; ${formatBytes(status.bytes.out)} written`,
    );
  }
  if (status.state === 'succeeded')
    lines.push(`output s3://${status.output.bucket}/${status.output.key}`);
  if (status.objects) lines.push(describeObjects(status.objects));
  if (status.reason) lines.push(`failed: ${status.reason}`);
  for (const error of status.errors) {
    const where = [
      error.object !== undefined ? `object ${error.object}` : '',
      `chunk ${error.index}`,
      error.offset !== undefined ? `byte ${error.offset}` : '',
      error.line !== undefined ? `line ${error.line}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${where}: ${error.code}: ${error.message} (attempt ${error.attempts}${error.final ? ', final' : ''})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A prefix job's objects in one line: how many are done, failed or still in progress. */
function describeObjects(objects: NonNullable<JobStatus['objects']>): string {
  const done = objects.filter((o) => o.chunks.done === o.chunks.total).length;
  const failed = objects.filter((o) => o.chunks.failed > 0).length;
  const open = objects.length - done - failed;
  return `objects ${objects.length}: ${done} done, ${failed} failed, ${open} in progress`;
}
