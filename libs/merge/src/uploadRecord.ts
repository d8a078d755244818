import { StoreErrorCode, isStoreError } from '@chunkline/contracts';
import type { CompletedPart, CreateOutcome, ObjectRef, ObjectStore } from '@chunkline/contracts';
import { MergeError, MergeErrorCode, describeError } from './errors.ts';

/**
 * A multipart upload that holds every part of an output, written down before the part
 * sources are released: from then on that upload is the only copy of the output's bytes,
 * so every merge of the output completes it and none aborts it.
 */
export interface UploadRecord {
  readonly uploadId: string;
  /** Size of the output the parts make. */
  readonly bytes: number;
  readonly parts: readonly CompletedPart[];
}

/** How often a merge that did not write the record looks for the output. */
const OUTPUT_POLL_MS = 250;

/** The record at `ref`, or undefined when there is none. */
export async function readUploadRecord(
  store: ObjectStore,
  ref: ObjectRef,
): Promise<UploadRecord | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await store.getBytes(ref);
  } catch (error) {
    if (isStoreError(error, StoreErrorCode.notFound)) return undefined;
    throw error;
  }
  return parseUploadRecord(new TextDecoder().decode(bytes), ref);
}

/** Writes the record unless one exists: `exists` means another merge recorded its upload first. */
export function writeUploadRecord(
  store: ObjectStore,
  ref: ObjectRef,
  record: UploadRecord,
): Promise<CreateOutcome> {
  return store.putIfAbsent(ref, JSON.stringify(record), 'application/json');
}

/**
 * Completes a recorded upload into `destination` (`If-None-Match: *`). A failure is checked
 * against the destination: when it exists, another merge completed the same upload. The
 * upload is never aborted here: it may hold the only copy of the parts.
 *
 * With `waitMs`, first waits that long for the destination to appear: the merge that wrote
 * the record is likely completing it right now, and completing one upload twice at once is
 * not safe on every S3 implementation. Only if it does not appear (that merge died) is the
 * upload completed here.
 */
export async function completeRecordedUpload(
  store: ObjectStore,
  destination: ObjectRef,
  record: UploadRecord,
  options: { readonly waitMs: number; readonly signal?: AbortSignal | undefined },
): Promise<CreateOutcome> {
  if (await outputAppears(store, destination, options.waitMs, options.signal)) return 'exists';
  let outcome: CreateOutcome;
  try {
    outcome = await store.completeMultipartUploadIfAbsent(
      destination,
      record.uploadId,
      record.parts,
    );
  } catch (error) {
    if ((await store.head(destination)) !== undefined) return 'exists';
    throw recordedUploadFailure(error, destination, record.uploadId);
  }
  if (outcome === 'exists') {
    // S3 has already dropped the upload after a failed If-None-Match; abort only to be sure.
    await store.abortMultipartUpload(destination, record.uploadId).catch(() => undefined);
  }
  return outcome;
}

/** Polls the destination for up to `waitMs`; true as soon as it exists. */
async function outputAppears(
  store: ObjectStore,
  destination: ObjectRef,
  waitMs: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if ((await store.head(destination)) !== undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, OUTPUT_POLL_MS));
  }
  return false;
}

function recordedUploadFailure(error: unknown, destination: ObjectRef, uploadId: string) {
  const target = `s3://${destination.bucket}/${destination.key}`;
  const cause = describeError(error);
  const message = isStoreError(error, StoreErrorCode.notFound)
    ? `merge into ${target} failed: its recorded upload ${uploadId} no longer exists (aborted ` +
      `outside Chunkline, e.g. by a lifecycle rule for incomplete uploads) and its parts were ` +
      `already released; submit the job again (${cause})`
    : `merge into ${target} failed completing its recorded upload ${uploadId}: ${cause}; the ` +
      `upload is kept for the next attempt`;
  return new MergeError(MergeErrorCode.mergeFailed, message, { cause: error, uploadId });
}

function parseUploadRecord(text: string, ref: ObjectRef): UploadRecord {
  const invalid = (why: string): MergeError =>
    new MergeError(
      MergeErrorCode.invalidRecord,
      `upload record s3://${ref.bucket}/${ref.key} is not one a merge wrote (${why}); ` +
        `delete it and the multipart uploads open on the output, then merge again`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  const { uploadId, bytes, parts } = (value ?? {}) as {
    uploadId?: unknown;
    bytes?: unknown;
    parts?: unknown;
  };
  if (typeof uploadId !== 'string' || uploadId.length === 0) throw invalid('no uploadId');
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
    throw invalid('no size in bytes');
  }
  if (!Array.isArray(parts) || parts.length === 0) throw invalid('no parts');
  const checked = parts.map((part: unknown, index): CompletedPart => {
    const { partNumber, etag } = (part ?? {}) as { partNumber?: unknown; etag?: unknown };
    if (partNumber !== index + 1 || typeof etag !== 'string' || etag.length === 0) {
      throw invalid(`part ${index + 1} is not { partNumber: ${index + 1}, etag }`);
    }
    return { partNumber, etag };
  });
  return { uploadId, bytes, parts: checked };
}
