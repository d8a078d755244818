import { StoreErrorCode, isStoreError } from '@chunkline/contracts';
import type { ChunkFailure, JobManifest, JobStatus, ObjectStore } from '@chunkline/contracts';
import { FormatError, FormatErrorCode } from '@chunkline/formats';
import { jobLayout, layoutUnder, locateChunk } from '@chunkline/planning';
import { JobError } from './errors.ts';
import { statusDocument } from './statusDocument.ts';

/** Where a failure happened and why, without record contents. */
export interface FailureDetails {
  readonly code: string;
  readonly message: string;
  readonly offset?: number;
  readonly line?: number;
  /** No retry can help: the job fails now. */
  readonly permanent: boolean;
}

/** Damaged input: retrying reads the same bytes, so the job fails at once. */
const CORRUPT_INPUT_CODES: ReadonlySet<string> = new Set([
  FormatErrorCode.corruptInput,
  FormatErrorCode.notAnArray,
  FormatErrorCode.invalidArray,
  FormatErrorCode.trailingData,
  FormatErrorCode.unclosedArray,
  FormatErrorCode.notParquet,
  FormatErrorCode.corruptParquet,
  FormatErrorCode.notZip,
  FormatErrorCode.corruptZip,
  FormatErrorCode.truncatedZip,
  FormatErrorCode.zipCrcMismatch,
  FormatErrorCode.zipSizeMismatch,
  FormatErrorCode.encryptedZipEntry,
  FormatErrorCode.unsupportedZipMethod,
]);

/** Classify an error thrown while processing a chunk. */
export function describeFailure(error: unknown): FailureDetails {
  if (error instanceof FormatError) {
    return {
      code: error.code,
      message: error.message,
      ...(typeof error.offset === 'number' ? { offset: error.offset } : {}),
      ...(typeof error.line === 'number' && error.line >= 1 ? { line: error.line } : {}),
      permanent: CORRUPT_INPUT_CODES.has(error.code),
    };
  }
  if (error instanceof JobError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.offset !== undefined ? { offset: error.offset } : {}),
      ...(error.line !== undefined && error.line >= 1 ? { line: error.line } : {}),
      permanent: error.permanent,
    };
  }
  if (isStoreError(error, StoreErrorCode.preconditionFailed)) {
    return {
      code: 'SourceChanged',
      message: `the source object changed while the job ran (If-Match failed): ${error.message}`,
      permanent: true,
    };
  }
  if (isStoreError(error)) return { code: error.code, message: error.message, permanent: false };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'Error', message, permanent: false };
}

/** Record a failed attempt at a chunk, so status can say which chunk failed, where and why. */
export async function recordFailure(
  store: ObjectStore,
  manifest: JobManifest,
  index: number,
  details: FailureDetails,
  attempts: number,
  final: boolean,
  at: Date,
): Promise<ChunkFailure> {
  const failure: ChunkFailure = {
    v: 1,
    index,
    ...(manifest.input.prefix ? { object: locateChunk(manifest, index).source.key } : {}),
    code: details.code,
    message: details.message,
    ...(details.offset !== undefined ? { offset: details.offset } : {}),
    ...(details.line !== undefined ? { line: details.line } : {}),
    attempts,
    final,
    at: at.toISOString(),
  };
  const layout = layoutUnder(manifest.staging.prefix);
  await store.put(
    { bucket: manifest.staging.bucket, key: layout.failure(index) },
    JSON.stringify(failure),
    'application/json',
  );
  return failure;
}

/** Mark a job failed for good (for example, its source changed): its final status says why. */
export async function failJob(
  store: ObjectStore,
  manifest: JobManifest,
  reason: string,
  at: Date,
  errors: ChunkFailure[],
): Promise<void> {
  const status = statusDocument(manifest, {
    state: 'failed',
    results: [],
    failures: errors,
    now: at,
    finished: true,
    reason,
  });
  const layout = layoutUnder(manifest.staging.prefix);
  await store.putIfAbsent(
    { bucket: manifest.staging.bucket, key: layout.status },
    JSON.stringify(status),
    'application/json',
  );
}

/** A job whose input could not be planned: it has no manifest, only this final status. */
export interface PlanningFailure {
  readonly jobId: string;
  readonly input: JobManifest['input'];
  readonly etag: string;
  readonly size: number;
  readonly code: string;
  readonly reason: string;
  readonly at: Date;
}

/** Record a job that failed before it could be planned, so its status says why. */
export async function failPlanning(
  store: ObjectStore,
  staging: { readonly bucket: string; readonly prefix: string },
  failure: PlanningFailure,
): Promise<void> {
  const at = failure.at.toISOString();
  const status: JobStatus = {
    v: 1,
    jobId: failure.jobId,
    state: 'failed',
    source: {
      bucket: failure.input.bucket,
      key: failure.input.key,
      etag: failure.etag,
      size: failure.size,
    },
    output: { bucket: '', key: '' },
    chunks: { total: 0, done: 0, failed: 0 },
    bytes: { in: 0, out: 0 },
    rows: { in: 0, out: 0, rejected: 0 },
    timings: { createdAt: at, finishedAt: at, elapsedMs: 0 },
    errors: [],
    reason: `${failure.code}: ${failure.reason}`,
  };
  await store.putIfAbsent(
    { bucket: staging.bucket, key: jobLayout(staging.prefix, failure.jobId).status },
    JSON.stringify(status),
    'application/json',
  );
}
