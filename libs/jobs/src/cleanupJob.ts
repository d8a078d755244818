import type { JobManifest, ObjectStore } from '@chunkline/contracts';
import { layoutUnder } from '@chunkline/planning';

/**
 * Remove a job's staging state, keeping only its final status, and abort any multipart
 * upload left open under the job's prefix. Safe to repeat.
 */
export async function cleanupJob(store: ObjectStore, manifest: JobManifest): Promise<number> {
  const bucket = manifest.staging.bucket;
  const layout = layoutUnder(manifest.staging.prefix);
  const keys: string[] = [];
  for await (const item of store.list(bucket, layout.jobPrefix)) {
    if (item.key !== layout.status) keys.push(item.key);
  }
  for await (const upload of store.listMultipartUploads(bucket, layout.jobPrefix)) {
    await store.abortMultipartUpload({ bucket, key: upload.key }, upload.uploadId);
  }
  await store.deleteMany(bucket, keys);
  return keys.length;
}
