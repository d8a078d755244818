import { findJobsForSource } from '@chunkline/jobs';
import type { CliContext } from '../cliContext.ts';
import { CliError } from '../cliError.ts';
import { parseS3Url } from '../s3Url.ts';

/** A job id as given, or the newest job of an `s3://` object. */
export async function resolveJobId(context: CliContext, target: string): Promise<string> {
  if (!target.startsWith('s3://')) {
    if (!/^[0-9a-f]{32}$/.test(target))
      throw new CliError(`"${target}" is neither a job id (32 hex characters) nor an s3:// URL`);
    return target;
  }
  const source = parseS3Url(target);
  const [newest] = await findJobsForSource(
    context.store,
    context.staging,
    source.bucket,
    source.key,
  );
  if (!newest)
    throw new CliError(
      `no job found for ${target}; was it submitted (chunkline submit ${target})?`,
      1,
    );
  return newest;
}
