import { jobManifestSchema } from '@chunkline/contracts';
import type { JobManifest, ObjectRef, ObjectStore } from '@chunkline/contracts';
import { layoutUnder } from '@chunkline/planning';
import { JobError, JobErrorCode } from './errors.ts';

/** Read a JSON object from the store, or `undefined` when it does not exist. */
export async function readJson(store: ObjectStore, ref: ObjectRef): Promise<unknown> {
  const head = await store.head(ref);
  if (!head) return undefined;
  return readJsonExisting(store, ref);
}

/** Read a JSON object known to exist. */
export async function readJsonExisting(store: ObjectStore, ref: ObjectRef): Promise<unknown> {
  const bytes = await store.getBytes(ref);
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
}

/** Load and validate a job manifest. Manifests never change, so they are cached by key. */
export class ManifestCache {
  private readonly entries = new Map<string, Promise<JobManifest>>();
  private readonly limit: number;

  constructor(limit = 256) {
    this.limit = limit;
  }

  load(store: ObjectStore, ref: ObjectRef): Promise<JobManifest> {
    const id = `${ref.bucket}/${ref.key}`;
    let entry = this.entries.get(id);
    if (!entry) {
      entry = loadManifest(store, ref);
      entry.catch(() => this.entries.delete(id));
      if (this.entries.size >= this.limit)
        this.entries.delete(this.entries.keys().next().value ?? '');
      this.entries.set(id, entry);
    }
    return entry;
  }
}

/** Load and validate a job manifest, failing clearly when it is missing or malformed. */
export async function loadManifest(store: ObjectStore, ref: ObjectRef): Promise<JobManifest> {
  const value = await readJson(store, ref);
  if (value === undefined) {
    throw new JobError(
      JobErrorCode.manifestMissing,
      `job manifest s3://${ref.bucket}/${ref.key} does not exist; was the job cleaned up while messages were queued?`,
      { permanent: true },
    );
  }
  const parsed = jobManifestSchema.safeParse(value);
  if (!parsed.success) {
    throw new JobError(
      JobErrorCode.manifestInvalid,
      `job manifest s3://${ref.bucket}/${ref.key} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { permanent: true },
    );
  }
  return parsed.data;
}

/**
 * The manifest a queued message names, or `ended` when the job has already ended and been
 * cleaned up: its manifest is gone and only its status is left beside it. A duplicate
 * message delivered that late (a second merge message, a redelivered chunk) has nothing
 * left to do; any other missing manifest still fails as `loadManifest` does.
 */
export async function loadManifestUnlessEnded(
  store: ObjectStore,
  manifests: ManifestCache,
  ref: ObjectRef,
): Promise<JobManifest | { readonly ended: ObjectRef }> {
  try {
    return await manifests.load(store, ref);
  } catch (error) {
    if (!(error instanceof JobError && error.code === JobErrorCode.manifestMissing)) throw error;
    const jobPrefix = ref.key.slice(0, ref.key.lastIndexOf('/') + 1);
    const status = { bucket: ref.bucket, key: layoutUnder(jobPrefix).status };
    if ((await store.head(status)) === undefined) throw error;
    return { ended: status };
  }
}
