import { StoreErrorCode, isStoreError } from '@chunkline/contracts';
import type { ChunkFailure, JobManifest, ObjectStore } from '@chunkline/contracts';
import { FormatError } from '@chunkline/formats';
import { layoutUnder } from '@chunkline/planning';
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

/** Classify an error thrown while processing a chunk. */
export function describeFailure(error: unknown): FailureDetails {
  if (error instanceof FormatError) {
    return {
      code: error.code,
      message: error.message,
      ...(typeof error.offset === 'number' ? { offset: error.offset } : {}),
      ...(typeof error.line === 'number' && error.line >= 1 ? { line: error.line } : {}),
      permanent: false,
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
