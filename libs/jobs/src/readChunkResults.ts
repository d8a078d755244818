import { chunkResultSchema } from '@chunkline/contracts';
import type { ChunkResult, JobManifest, ObjectStore } from '@chunkline/contracts';
import { donePrefix } from './completionStoreFor.ts';
import { readJsonExisting } from './manifestStore.ts';

/** Reads at once when collecting done markers. */
const READ_CONCURRENCY = 16;

/**
 * The done markers of a job's chunks, by index. Markers never change once written, so a
 * caller that polls can pass the same `cache` and read each marker once.
 */
export async function readChunkResults(
  store: ObjectStore,
  manifest: JobManifest,
  cache: Map<string, ChunkResult> = new Map(),
): Promise<Map<number, ChunkResult>> {
  const prefix = `${donePrefix(manifest)}0/`;
  const keys: string[] = [];
  for await (const item of store.list(manifest.staging.bucket, prefix)) keys.push(item.key);
  const missing = keys.filter((key) => !cache.has(key));
  for (let at = 0; at < missing.length; at += READ_CONCURRENCY) {
    await Promise.all(
      missing.slice(at, at + READ_CONCURRENCY).map(async (key) => {
        const value = await readJsonExisting(store, { bucket: manifest.staging.bucket, key });
        cache.set(key, chunkResultSchema.parse(value));
      }),
    );
  }
  const results = new Map<number, ChunkResult>();
  for (const key of keys) {
    const result = cache.get(key);
    if (result) results.set(result.index, result);
  }
  return results;
}
