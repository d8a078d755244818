import type { ObjectRef, ObjectStore } from '@chunkline/contracts';
import { jobLayout, sourceIndexPrefix } from '@chunkline/planning';
import type { Staging } from './jobStatus.ts';
import { readJson } from './manifestStore.ts';

/**
 * Remove everything a job left in staging — its status and its source index entry too —
 * and abort open multipart uploads under its prefix and on its output key. For jobs that
 * failed (or that an operator gives up on); a finished job keeps only its status anyway.
 */
export async function removeJob(
  store: ObjectStore,
  staging: Staging,
  jobId: string,
  output: ObjectRef,
): Promise<{ objects: number; uploads: number }> {
  const layout = jobLayout(staging.prefix, jobId);
  const manifest = (await readJson(store, { bucket: staging.bucket, key: layout.manifest })) as
    { source?: { bucket?: string; key?: string } } | undefined;
  let uploads = 0;
  for (const [bucket, prefix] of [
    [staging.bucket, layout.jobPrefix],
    [output.bucket, output.key],
  ] as const) {
    for await (const upload of store.listMultipartUploads(bucket, prefix)) {
      await store.abortMultipartUpload({ bucket, key: upload.key }, upload.uploadId);
      uploads += 1;
    }
  }
  const keys: string[] = [];
  for await (const item of store.list(staging.bucket, layout.jobPrefix)) keys.push(item.key);
  const source = manifest?.source;
  if (source?.bucket && source.key)
    keys.push(`${sourceIndexPrefix(staging.prefix, source.bucket, source.key)}${jobId}`);
  await store.deleteMany(staging.bucket, keys);
  return { objects: keys.length, uploads };
}
