import { chunkFailureSchema, jobStatusSchema } from '@chunkline/contracts';
import type {
  ChunkFailure,
  ChunkResult,
  JobManifest,
  JobState,
  JobStatus,
  ObjectStore,
} from '@chunkline/contracts';
import { ROOT_KEY } from '@chunkline/completion';
import { jobLayout, jobsPrefix, layoutUnder, sourceIndexPrefix } from '@chunkline/planning';
import { loadManifest, readJson, readJsonExisting } from './manifestStore.ts';
import { readChunkResults } from './readChunkResults.ts';
import { statusDocument } from './statusDocument.ts';

/** Where jobs live. */
export interface Staging {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * A job's status, readable at any time: the final status once the job has ended, and
 * otherwise one assembled from its manifest, done markers and failure records. Pass the
 * same `cache` when polling so each done marker is read once.
 */
export async function readJobStatus(
  store: ObjectStore,
  staging: Staging,
  jobId: string,
  cache?: Map<string, ChunkResult>,
  now: Date = new Date(),
): Promise<JobStatus | undefined> {
  const layout = jobLayout(staging.prefix, jobId);
  const statusRef = { bucket: staging.bucket, key: layout.status };
  const final = await readFinalJobStatus(store, staging, jobId);
  if (final !== undefined) return final;
  const manifestRef = { bucket: staging.bucket, key: layout.manifest };
  if (!(await store.head(manifestRef))) return undefined;
  try {
    const manifest = await loadManifest(store, manifestRef);
    const results = await readChunkResults(store, manifest, cache);
    const failures = await readFailures(store, manifest, results);
    const root = { bucket: staging.bucket, key: `${layout.done}${ROOT_KEY}` };
    const merging = (await store.head(root)) !== undefined;
    return runningStatus(manifest, [...results.values()], failures, merging, now);
  } catch (error) {
    // The job ended while we read it: the merger writes its status, then cleans the rest.
    const ended = await readJson(store, statusRef);
    if (ended === undefined) throw error;
    return jobStatusSchema.parse(ended);
  }
}

/**
 * The status the merger writes when a job ends (`succeeded` or `failed`), or `undefined`
 * while it runs: one GET, for waiting on a job without assembling its progress.
 */
export async function readFinalJobStatus(
  store: ObjectStore,
  staging: Staging,
  jobId: string,
): Promise<JobStatus | undefined> {
  const final = await readJson(store, {
    bucket: staging.bucket,
    key: jobLayout(staging.prefix, jobId).status,
  });
  return final === undefined ? undefined : jobStatusSchema.parse(final);
}

async function readFailures(
  store: ObjectStore,
  manifest: JobManifest,
  results: Map<number, ChunkResult>,
): Promise<ChunkFailure[]> {
  const layout = layoutUnder(manifest.staging.prefix);
  const failures: ChunkFailure[] = [];
  for await (const item of store.list(manifest.staging.bucket, layout.failures)) {
    const failure = chunkFailureSchema.parse(
      await readJsonExisting(store, { bucket: manifest.staging.bucket, key: item.key }),
    );
    if (!results.has(failure.index)) failures.push(failure);
  }
  return failures;
}

function runningStatus(
  manifest: JobManifest,
  results: readonly ChunkResult[],
  failures: readonly ChunkFailure[],
  merging: boolean,
  now: Date,
): JobStatus {
  const failed = failures.find((f) => f.final);
  let state: JobState = results.length === 0 ? 'planned' : 'running';
  if (merging) state = 'merging';
  if (failed) state = 'failed';
  return statusDocument(manifest, {
    state,
    results,
    failures,
    now,
    ...(failed ? { reason: `chunk ${failed.index} failed: ${failed.message}` } : {}),
  });
}

/** Ids of all jobs in staging, newest listing order. */
export async function listJobIds(store: ObjectStore, staging: Staging): Promise<string[]> {
  const prefix = jobsPrefix(staging.prefix);
  const ids: string[] = [];
  for await (const sub of store.listPrefixes(staging.bucket, prefix))
    ids.push(sub.slice(prefix.length, -1));
  return ids;
}

/** Jobs of one source object, newest first (by the time their index entry was written). */
export async function findJobsForSource(
  store: ObjectStore,
  staging: Staging,
  bucket: string,
  key: string,
): Promise<string[]> {
  const prefix = sourceIndexPrefix(staging.prefix, bucket, key);
  const entries: { id: string; at: number }[] = [];
  for await (const item of store.list(staging.bucket, prefix)) {
    entries.push({ id: item.key.slice(prefix.length), at: item.lastModified?.getTime() ?? 0 });
  }
  return entries.sort((a, b) => b.at - a.at).map((e) => e.id);
}
