import { benchS3, getStream, uploadStream } from './s3.ts';
import type { ContenderJob, ContenderOutcome } from './types.ts';

/** The copy floor: stream the object out of S3 and back in with the same SDK, no parsing. */
export async function copyFloor(job: ContenderJob): Promise<ContenderOutcome> {
  const s3 = benchS3(job.endpoint);
  const started = performance.now();
  const body = await getStream(s3, job.input);
  const outputBytes = await uploadStream(s3, job.output, body, 'application/octet-stream');
  return { seconds: (performance.now() - started) / 1000, outputBytes };
}
