import { jobStatusSchema } from '@chunkline/contracts';
import type { ChunkResult, JobManifest, JobStatus, MergeMessage } from '@chunkline/contracts';
import { executeMerge, planMerge } from '@chunkline/merge';
import type { Piece } from '@chunkline/merge';
import { layoutUnder } from '@chunkline/planning';
import { cleanupJob } from './cleanupJob.ts';
import type { ProcessDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import type { ManifestCache } from './manifestStore.ts';
import { loadManifestUnlessEnded, readJson } from './manifestStore.ts';
import { outputPieces } from './outputPieces.ts';
import { readChunkResults } from './readChunkResults.ts';
import { RerunFailed, rerunUnproven } from './rerunUnproven.ts';
import { statusDocument } from './statusDocument.ts';

/** What a merge did. */
export type MergeJobOutcome =
  | {
      readonly kind: 'merged' | 'already-merged';
      readonly outputBytes: number;
      readonly parts: number;
      readonly rerun: number;
    }
  | { readonly kind: 'job-failed' };

/**
 * The merge rule. Collect every chunk's result; re-run the few whose guessed start state
 * the chain of their predecessors disproves (see `rerunUnproven`);
 * assemble the parts in order (UploadPartCopy for big parts, coalescing small ones),
 * record the upload and release the parts, and commit with `If-None-Match: *`, so that of
 * concurrent or repeated merges exactly one output is written (a merge that finds the
 * record finishes that upload); then record the final status and clean the staging prefix.
 */
export async function mergeJob(
  deps: ProcessDeps,
  message: MergeMessage,
  manifests: ManifestCache,
): Promise<MergeJobOutcome> {
  const manifest = await loadManifestUnlessEnded(deps.store, manifests, message.manifest);
  if ('ended' in manifest) {
    // A duplicate merge message delivered after the job ended and was cleaned up.
    const status = jobStatusSchema.parse(await readJson(deps.store, manifest.ended));
    deps.log.info('merge.skipped-job-ended', { jobId: message.jobId, state: status.state });
    if (status.state === 'failed') return { kind: 'job-failed' };
    return { kind: 'already-merged', outputBytes: status.bytes.out, parts: 0, rerun: 0 };
  }
  const log = deps.log.child({ jobId: manifest.jobId });
  const layout = layoutUnder(manifest.staging.prefix);
  const bucket = manifest.staging.bucket;
  const statusRef = { bucket, key: layout.status };
  const previous = await readJson(deps.store, statusRef);
  if (previous !== undefined) return finishEnded(deps, manifest, jobStatusSchema.parse(previous));

  let merged: Awaited<ReturnType<typeof assembleOutput>>;
  try {
    merged = await assembleOutput(deps, manifest);
  } catch (error) {
    if (error instanceof RerunFailed) {
      log.error('job.failed', { chunk: error.index, reason: error.message });
      return { kind: 'job-failed' };
    }
    // A merger of a duplicate merge message may have finished the job meanwhile, cleaning
    // up the parts this one was still copying (and aborting its upload): nothing is left to do.
    const ended = await readJson(deps.store, statusRef);
    if (ended === undefined) throw error;
    const status = jobStatusSchema.parse(ended);
    log.info('merge.lost-race', {
      state: status.state,
      reason: error instanceof Error ? error.message : String(error),
    });
    return finishEnded(deps, manifest, status);
  }
  const { ordered, rerun, outcome } = merged;

  const status = statusDocument(manifest, {
    state: 'succeeded',
    results: ordered,
    failures: [],
    now: nowOf(deps),
    finished: true,
    bytesOut: outcome.bytes,
  });
  await deps.store.put(statusRef, JSON.stringify(status), 'application/json');
  await abortOtherUploads(deps, manifest);
  await cleanupJob(deps.store, manifest);
  log.info('job.succeeded', {
    outcome: outcome.outcome,
    bytesOut: outcome.bytes,
    parts: outcome.parts,
    rerun,
  });
  return {
    kind: outcome.outcome === 'created' ? 'merged' : 'already-merged',
    outputBytes: outcome.bytes,
    parts: outcome.parts,
    rerun,
  };
}

/**
 * The job already has its final status (another merger, or an earlier delivery, ended it):
 * make sure nothing of it is left behind, and report what it was.
 */
async function finishEnded(
  deps: ProcessDeps,
  manifest: JobManifest,
  status: JobStatus,
): Promise<MergeJobOutcome> {
  if (status.state === 'failed') return { kind: 'job-failed' };
  await abortOtherUploads(deps, manifest);
  await cleanupJob(deps.store, manifest);
  return { kind: 'already-merged', outputBytes: status.bytes.out, parts: 0, rerun: 0 };
}

/** Collect every chunk's result, re-run misspeculated CSV chunks, and write the output once. */
async function assembleOutput(deps: ProcessDeps, manifest: JobManifest) {
  const results = await readChunkResults(deps.store, manifest);
  if (results.size !== manifest.chunkCount) {
    throw new Error(
      `merge of job ${manifest.jobId}: ${results.size} of ${manifest.chunkCount} chunks are done; the merge message came too early`,
    );
  }
  const ordered = Array.from(
    { length: manifest.chunkCount },
    (_, i) => results.get(i) as ChunkResult,
  );
  const rerun = await rerunUnproven(deps, manifest, ordered);
  const pieces = outputPieces(manifest, ordered);
  const outcome = await executeMerge(
    deps.store,
    planMerge(pieces),
    manifest.output,
    manifest.staging.bucket,
    {
      contentType: manifest.output.contentType,
      // The parts are deleted once the output's upload holds them all, so the staging
      // state never holds the output twice; the record lets a redelivered merge finish.
      record: {
        bucket: manifest.staging.bucket,
        key: layoutUnder(manifest.staging.prefix).mergeUpload,
      },
      ...(deps.mergeRecordWaitMs === undefined ? {} : { recordWaitMs: deps.mergeRecordWaitMs }),
      ...(deps.mergePartConcurrency === undefined
        ? {}
        : { concurrency: deps.mergePartConcurrency }),
    },
  );
  if (ordered.some((r) => r.rejects)) await mergeRejects(deps, manifest, ordered);
  return { ordered, rerun, outcome };
}

/** Concatenate the chunks' rejects into one object beside the output. */
async function mergeRejects(
  deps: ProcessDeps,
  manifest: JobManifest,
  ordered: ChunkResult[],
): Promise<void> {
  const pieces: Piece[] = [];
  for (const r of ordered) {
    if (!r.rejects) continue;
    const head = await deps.store.head({ bucket: manifest.staging.bucket, key: r.rejects.key });
    if (head) pieces.push({ kind: 'object', key: r.rejects.key, size: head.size });
  }
  const destination = {
    bucket: manifest.output.bucket,
    key: `${manifest.output.key}.rejects.jsonl`,
  };
  await executeMerge(deps.store, planMerge(pieces), destination, manifest.staging.bucket, {
    contentType: 'application/x-ndjson',
  });
}

/**
 * Once the output exists, any multipart upload still open on its key belongs to a merger
 * that lost the race or was killed mid-merge: abort it so nothing is left behind.
 */
async function abortOtherUploads(deps: ProcessDeps, manifest: JobManifest): Promise<void> {
  const { bucket, key } = manifest.output;
  for await (const upload of deps.store.listMultipartUploads(bucket, key)) {
    if (upload.key !== key) continue;
    await deps.store.abortMultipartUpload({ bucket, key }, upload.uploadId);
    deps.log.info('merge.aborted-abandoned-upload', {
      jobId: manifest.jobId,
      uploadId: upload.uploadId,
    });
  }
}
