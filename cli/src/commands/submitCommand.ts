import { MESSAGE_VERSION } from '@chunkline/contracts';
import type { SubmitMessage } from '@chunkline/contracts';
import { findJobsForSource, readJobStatus } from '@chunkline/jobs';
import type { CliContext } from '../cliContext.ts';
import { CliError } from '../cliError.ts';
import { parseS3Url } from '../s3Url.ts';
import { followJob } from './followJob.ts';
import type { Output } from './statusCommand.ts';

/** How long `submit` waits for the dispatcher to plan the job. */
const PLAN_WAIT_MS = 60_000;
/** Tolerated difference between this machine's clock and the dispatcher's. */
const CLOCK_SKEW_MS = 5_000;

/**
 * `chunkline submit s3://bucket/key [--follow] [--json]`: ask the dispatcher to process an
 * object (the same path as an S3 event, so a duplicate submit is the same job), or every
 * object under a prefix (`s3://bucket/prefix/`) as one job, wait until it is planned, and
 * print its id; with `--follow`, show its progress (on `out`) until it ends. With
 * `--json`, the job's status document (the final one with `--follow`) goes to `result`.
 */
export async function submitCommand(
  context: CliContext,
  url: string,
  follow: boolean,
  json: boolean,
  out: Output,
  result: Output,
): Promise<number> {
  const source = parseS3Url(url);
  // A key ending in / is a prefix job; a whole bucket is refused as too broad.
  const prefix = source.key === '' || source.key.endsWith('/');
  if (source.key === '') {
    throw new CliError(
      `${url} names a whole bucket; submit a prefix such as s3://${source.bucket}/exports/`,
    );
  }
  const head = prefix ? undefined : await context.store.head(source);
  if (!prefix && !head) throw new CliError(`${url} does not exist`, 1);
  const submittedAt = Date.now();
  const message: SubmitMessage = { v: MESSAGE_VERSION, type: 'submit', source };
  await context.ingestQueue().send(JSON.stringify(message));
  const deadline = Date.now() + PLAN_WAIT_MS;
  for (;;) {
    for (const jobId of await findJobsForSource(
      context.store,
      context.staging,
      source.bucket,
      source.key,
    )) {
      const status = await readJobStatus(context.store, context.staging, jobId);
      // An object's job is the one of its current version; a prefix's, the one planned now.
      const ours = head
        ? status?.source.etag === head.etag
        : status !== undefined &&
          Date.parse(status.timings.createdAt) >= submittedAt - CLOCK_SKEW_MS;
      if (ours && status) {
        if (!json) out.write(`${jobId}\n`);
        if (!follow) {
          if (json) result.write(`${JSON.stringify(status, null, 2)}\n`);
          return 0;
        }
        const final = await followJob(context.store, context.staging, jobId, out);
        if (json) result.write(`${JSON.stringify(final ?? status, null, 2)}\n`);
        return final?.state === 'succeeded' ? 0 : 1;
      }
    }
    if (Date.now() > deadline) {
      // An unchanged prefix maps to the job it already had, which the dispatcher does not redo.
      const unchanged = prefix
        ? ' (or the prefix is unchanged since an earlier job of it: see `chunkline status ' +
          url +
          '`)'
        : '';
      throw new CliError(
        `submitted ${url}, but no job was planned within ${PLAN_WAIT_MS / 1000} s; is the dispatcher running?${unchanged}`,
        1,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
