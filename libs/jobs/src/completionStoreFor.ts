import type { CompletionStore } from '@chunkline/completion';
import type { JobManifest, ObjectStore } from '@chunkline/contracts';
import { layoutUnder } from '@chunkline/planning';

/** Prefix of a job's done-marker tree. */
export function donePrefix(manifest: JobManifest): string {
  return layoutUnder(manifest.staging.prefix).done;
}

/** Bind the completion rule's two operations to a job's marker prefix in the store. */
export function completionStoreFor(store: ObjectStore, manifest: JobManifest): CompletionStore {
  const bucket = manifest.staging.bucket;
  const prefix = donePrefix(manifest);
  return {
    createIfAbsent: (key, body) =>
      store.putIfAbsent({ bucket, key: `${prefix}${key}` }, body, 'application/json'),
    count: async (sub) => {
      let n = 0;
      for await (const _ of store.list(bucket, `${prefix}${sub}`)) n += 1;
      return n;
    },
  };
}
