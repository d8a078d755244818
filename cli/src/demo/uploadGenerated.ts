import type { ObjectRef, ObjectStore } from '@chunkline/contracts';
import { PartWriter } from '@chunkline/jobs';

/** Stream generated blocks into one object with a multipart upload; returns its size. */
export async function uploadGenerated(
  store: ObjectStore,
  ref: ObjectRef,
  blocks: Iterable<Buffer>,
  contentType: string,
): Promise<number> {
  const writer = new PartWriter(store, ref, contentType);
  try {
    for (const block of blocks) await writer.write(block);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.size;
}
