import type { CompletedPart, CreateOutcome, ObjectRef, ObjectStore } from '@chunkline/contracts';
import { DEFAULT_MERGE_CONCURRENCY, DEFAULT_RECORD_WAIT_MS } from './constants.ts';
import { MergeError, MergeErrorCode, describeError, isMergeError } from './errors.ts';
import { mapWithConcurrency } from './mapWithConcurrency.ts';
import { mergePlanBytes } from './mergePlanStats.ts';
import { sliceLength } from './sliceLength.ts';
import type {
  ExecuteMergeOptions,
  MergeOutcome,
  MergePlan,
  MultipartPlan,
  PlannedPart,
  Slice,
} from './types.ts';
import { completeRecordedUpload, readUploadRecord, writeUploadRecord } from './uploadRecord.ts';
import type { UploadRecord } from './uploadRecord.ts';

/** `ExecuteMergeOptions` with every default applied. */
export interface ResolvedExecuteMergeOptions {
  readonly concurrency: number;
  readonly contentType: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly checkExisting: boolean;
  readonly record: ObjectRef | undefined;
  readonly recordWaitMs: number;
}

const executeOptionKeys: ReadonlySet<string> = new Set([
  'concurrency',
  'contentType',
  'signal',
  'checkExisting',
  'record',
  'recordWaitMs',
]);

/**
 * Carries out a merge plan against the object store, creating `destination` exactly once.
 *
 * - `single`: reads the slices, concatenates them and writes them with `putIfAbsent`.
 * - `multipart`: opens an upload, sends the parts with at most `concurrency` in flight
 *   (`uploadPartCopy` for `copy` parts; `uploadPart` of the read and concatenated slices for
 *   `assemble` parts, so at most `concurrency` assembled parts are in memory), then completes
 *   it with `completeMultipartUploadIfAbsent`. On any failure the running parts are left to
 *   settle, the upload is aborted and a `MergeError` is thrown. When another merger won the
 *   race (`exists`), the upload is aborted as well, ignoring errors.
 * - with `record`, a multipart merge writes down its upload once every part is in it, then
 *   releases the sources and completes; a merge that finds a record finishes that upload
 *   (see `ExecuteMergeOptions.record`). A recorded upload is never aborted.
 *
 * Object slices are read from `sourceBucket`. A redelivered merge is cheap: with
 * `checkExisting` (default) an existing destination is detected with one HEAD.
 *
 * @param options - `concurrency` (default 4), `contentType` (default none), `signal`,
 *   `checkExisting` (default `true`), `record` (default none), `recordWaitMs` (default 60 s).
 * @returns `created` when this call wrote the output, `exists` when another writer had.
 * @throws MergeError `InvalidOptions` or `InvalidPlan` before any I/O; `ShortRead` when a
 *   source object is shorter than planned; `InvalidRecord` for a record no merge wrote;
 *   `Aborted` when `signal` fired; `MergeFailed` (with the storage error as `cause`, and
 *   `abortError` if the abort failed too) otherwise.
 */
export async function executeMerge(
  store: ObjectStore,
  plan: MergePlan,
  destination: ObjectRef,
  sourceBucket: string,
  options: ExecuteMergeOptions = {},
): Promise<MergeOutcome> {
  const settings = resolveExecuteMergeOptions(options);
  validatePlan(plan);
  const bytes = mergePlanBytes(plan);
  const parts = plan.kind === 'multipart' ? plan.parts.length : 0;

  try {
    settings.signal?.throwIfAborted();
    if (settings.checkExisting && (await store.head(destination)) !== undefined) {
      return { outcome: 'exists', parts, bytes };
    }
  } catch (error) {
    throw mergeFailure(error, destination, settings.signal, {});
  }

  if (plan.kind === 'single') {
    try {
      const body = await readSlices(store, sourceBucket, plan.slices, settings);
      settings.signal?.throwIfAborted();
      const outcome = await store.putIfAbsent(destination, body, settings.contentType);
      return { outcome, parts, bytes };
    } catch (error) {
      throw mergeFailure(error, destination, settings.signal, {});
    }
  }

  if (settings.record) {
    let recorded: UploadRecord | undefined;
    try {
      recorded = await readUploadRecord(store, settings.record);
    } catch (error) {
      throw mergeFailure(error, destination, settings.signal, {});
    }
    // An earlier merge uploaded every part and may have released the sources: finish its upload.
    if (recorded) return finishRecorded(store, destination, recorded, settings);
  }

  let uploadId: string;
  try {
    uploadId = await store.createMultipartUpload(destination, settings.contentType);
  } catch (error) {
    throw mergeFailure(error, destination, settings.signal, {});
  }

  let completed: CompletedPart[];
  let failedPart: number | undefined;
  try {
    completed = await mapWithConcurrency(
      plan.parts,
      settings.concurrency,
      async (part) => {
        try {
          return await uploadPlannedPart(store, sourceBucket, destination, uploadId, part);
        } catch (error) {
          failedPart ??= part.partNumber;
          throw error;
        }
      },
      settings.signal,
    );
    settings.signal?.throwIfAborted();
  } catch (error) {
    const failure = await abortAfter(store, error, destination, uploadId, settings.signal, {
      partNumber: failedPart,
      partCount: plan.parts.length,
    });
    // Another merge may have recorded its upload and released the parts under this one.
    const recorded = await recordedSince(store, settings);
    if (recorded) return finishRecorded(store, destination, recorded, settings);
    throw failure;
  }

  if (settings.record) {
    return recordAndRelease(store, plan, destination, sourceBucket, settings, settings.record, {
      uploadId,
      bytes,
      parts: completed,
    });
  }

  let outcome: CreateOutcome;
  try {
    outcome = await store.completeMultipartUploadIfAbsent(destination, uploadId, completed);
  } catch (error) {
    throw await abortAfter(store, error, destination, uploadId, settings.signal, {});
  }
  if (outcome === 'exists') {
    // S3 has already dropped the upload after a failed If-None-Match; abort only to be sure.
    await store.abortMultipartUpload(destination, uploadId).catch(() => undefined);
  }
  return { outcome, parts, bytes, uploadId };
}

/**
 * Records an upload that holds every part, then releases the part sources (deletes every
 * object the plan reads) and completes it. Releasing before completing frees the storage
 * the output is about to need; the record keeps a redelivered merge able to finish. When
 * another merge recorded first, this one's upload is aborted and that one's is finished.
 */
async function recordAndRelease(
  store: ObjectStore,
  plan: MultipartPlan,
  destination: ObjectRef,
  sourceBucket: string,
  settings: ResolvedExecuteMergeOptions,
  recordRef: ObjectRef,
  upload: UploadRecord,
): Promise<MergeOutcome> {
  const parts = plan.parts.length;
  const bytes = upload.bytes;
  let written: CreateOutcome;
  try {
    written = await writeUploadRecord(store, recordRef, upload);
  } catch (error) {
    // Not aborted: the record may have been written, naming this upload.
    throw mergeFailure(error, destination, settings.signal, {
      uploadId: upload.uploadId,
      kept: true,
    });
  }
  if (written === 'exists') {
    await store.abortMultipartUpload(destination, upload.uploadId).catch(() => undefined);
    let other: UploadRecord | undefined;
    try {
      other = await readUploadRecord(store, recordRef);
    } catch (error) {
      throw mergeFailure(error, destination, settings.signal, {});
    }
    if (other === undefined) {
      // Deleted since: by whoever cleaned up after the output was written, or by hand.
      if ((await store.head(destination)) !== undefined) return { outcome: 'exists', parts, bytes };
      throw new MergeError(
        MergeErrorCode.mergeFailed,
        `merge into s3://${destination.bucket}/${destination.key} found an upload record at ` +
          `${recordRef.key}, which was deleted before it could be read, and no output; merge again`,
      );
    }
    return finishRecorded(store, destination, other, settings);
  }
  try {
    await store.deleteMany(sourceBucket, planSourceKeys(plan));
  } catch (error) {
    throw mergeFailure(error, destination, settings.signal, {
      uploadId: upload.uploadId,
      kept: true,
    });
  }
  const outcome = await finishRecorded(store, destination, upload, {
    ...settings,
    recordWaitMs: 0,
  });
  return { ...outcome, uploadId: upload.uploadId };
}

/** Finishes an upload another merge recorded, giving that merge `recordWaitMs` to do it. */
async function finishRecorded(
  store: ObjectStore,
  destination: ObjectRef,
  record: UploadRecord,
  settings: ResolvedExecuteMergeOptions,
): Promise<MergeOutcome> {
  try {
    const outcome = await completeRecordedUpload(store, destination, record, {
      waitMs: settings.recordWaitMs,
      signal: settings.signal,
    });
    return { outcome, parts: record.parts.length, bytes: record.bytes };
  } catch (error) {
    throw isMergeError(error) ? error : mergeFailure(error, destination, settings.signal, {});
  }
}

/** The record another merge wrote meanwhile, if this merge uses one and it is readable. */
async function recordedSince(
  store: ObjectStore,
  settings: ResolvedExecuteMergeOptions,
): Promise<UploadRecord | undefined> {
  if (!settings.record || settings.signal?.aborted) return undefined;
  return readUploadRecord(store, settings.record).catch(() => undefined);
}

/** Every object a plan reads, once each. */
function planSourceKeys(plan: MultipartPlan): string[] {
  const keys = new Set<string>();
  for (const { source } of plan.parts) {
    if (source.kind === 'copy') keys.add(source.key);
    else for (const slice of source.slices) if (slice.kind === 'object') keys.add(slice.key);
  }
  return [...keys];
}

/** Aborts the upload after a failure and returns the `MergeError` that says so. */
async function abortAfter(
  store: ObjectStore,
  error: unknown,
  destination: ObjectRef,
  uploadId: string,
  signal: AbortSignal | undefined,
  context: { readonly partNumber?: number | undefined; readonly partCount?: number | undefined },
): Promise<MergeError> {
  let abortFailure: { readonly error: unknown } | undefined;
  try {
    await store.abortMultipartUpload(destination, uploadId);
  } catch (abortError) {
    abortFailure = { error: abortError };
  }
  return mergeFailure(error, destination, signal, { ...context, uploadId, abortFailure });
}

/**
 * Applies the defaults of `ExecuteMergeOptions` and checks the values.
 *
 * @throws MergeError `InvalidOptions` naming the option and the value.
 */
export function resolveExecuteMergeOptions(
  options: ExecuteMergeOptions = {},
): ResolvedExecuteMergeOptions {
  for (const key of Object.keys(options)) {
    if (!executeOptionKeys.has(key)) {
      throw new MergeError(
        MergeErrorCode.invalidOptions,
        `unknown merge option '${key}'; known: ${[...executeOptionKeys].join(', ')}`,
      );
    }
  }
  const concurrency = options.concurrency ?? DEFAULT_MERGE_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new MergeError(
      MergeErrorCode.invalidOptions,
      `merge concurrency must be a whole number ≥ 1, got ${concurrency}`,
    );
  }
  const recordWaitMs = options.recordWaitMs ?? DEFAULT_RECORD_WAIT_MS;
  if (!Number.isSafeInteger(recordWaitMs) || recordWaitMs < 0) {
    throw new MergeError(
      MergeErrorCode.invalidOptions,
      `merge recordWaitMs must be a whole number of milliseconds ≥ 0, got ${recordWaitMs}`,
    );
  }
  return {
    concurrency,
    contentType: options.contentType,
    signal: options.signal,
    checkExisting: options.checkExisting ?? true,
    record: options.record,
    recordWaitMs,
  };
}

/** Uploads one planned part: a server-side copy, or the slices read and sent as one body. */
async function uploadPlannedPart(
  store: ObjectStore,
  sourceBucket: string,
  destination: ObjectRef,
  uploadId: string,
  part: PlannedPart,
): Promise<CompletedPart> {
  const { source, partNumber } = part;
  if (source.kind === 'copy') {
    const from = { bucket: sourceBucket, key: source.key };
    return store.uploadPartCopy(destination, uploadId, partNumber, from, source.range);
  }
  const body = await readSlices(store, sourceBucket, source.slices, { concurrency: 1 });
  return store.uploadPart(destination, uploadId, partNumber, body);
}

/** Reads slices (at most `concurrency` at once) into one buffer, in order. */
async function readSlices(
  store: ObjectStore,
  sourceBucket: string,
  slices: readonly Slice[],
  settings: { readonly concurrency: number; readonly signal?: AbortSignal | undefined },
): Promise<Uint8Array> {
  const offsets: number[] = [];
  let total = 0;
  for (const slice of slices) {
    offsets.push(total);
    total += sliceLength(slice);
  }
  const body = new Uint8Array(total);
  await mapWithConcurrency(
    slices,
    settings.concurrency,
    async (slice, index) => {
      body.set(await readSlice(store, sourceBucket, slice), offsets[index]);
    },
    settings.signal,
  );
  return body;
}

async function readSlice(store: ObjectStore, bucket: string, slice: Slice): Promise<Uint8Array> {
  if (slice.kind === 'bytes') return slice.data;
  const { key, range } = slice;
  const data = await store.getBytes({ bucket, key }, { range });
  const expected = range.end - range.start;
  if (data.length !== expected) {
    throw new MergeError(
      MergeErrorCode.shortRead,
      `merge read ${data.length} bytes of s3://${bucket}/${key} range [${range.start}, ` +
        `${range.end}) but expected ${expected}; the part object does not have the size it ` +
        `was planned with (was it rewritten after planning?)`,
    );
  }
  return data;
}

/** Rejects plans that could not have come from `planMerge`, before any I/O. */
function validatePlan(plan: MergePlan): void {
  const invalid = (message: string): MergeError =>
    new MergeError(MergeErrorCode.invalidPlan, `invalid merge plan: ${message}`);
  const checkSlices = (slices: readonly Slice[], where: string): void => {
    slices.forEach((slice, index) => {
      if (
        slice.kind === 'object' &&
        !(slice.range.start >= 0 && slice.range.end > slice.range.start)
      ) {
        throw invalid(
          `${where} slice ${index} (${slice.key}) has range [${slice.range.start}, ` +
            `${slice.range.end}); a range must be non-empty and start at 0 or later`,
        );
      }
    });
  };

  if (plan.kind === 'single') {
    checkSlices(plan.slices, 'single');
    return;
  }
  if (plan.parts.length === 0) throw invalid('a multipart plan needs at least one part');
  plan.parts.forEach((part, index) => {
    if (part.partNumber !== index + 1) {
      throw invalid(
        `part ${index + 1} is numbered ${part.partNumber}; parts must be numbered 1..n in order`,
      );
    }
    const { source } = part;
    if (source.kind === 'copy') {
      checkSlices(
        [{ kind: 'object', key: source.key, range: source.range }],
        `part ${part.partNumber}`,
      );
    } else if (source.slices.length === 0) {
      throw invalid(`part ${part.partNumber} assembles no slices`);
    } else {
      checkSlices(source.slices, `part ${part.partNumber}`);
    }
  });
}

interface FailureContext {
  readonly uploadId?: string | undefined;
  /** The upload is recorded, so it was left open for the next attempt, not aborted. */
  readonly kept?: boolean;
  readonly partNumber?: number | undefined;
  readonly partCount?: number | undefined;
  readonly abortFailure?: { readonly error: unknown } | undefined;
}

/** Wraps whatever stopped a merge into one `MergeError` that says what was cleaned up. */
function mergeFailure(
  error: unknown,
  destination: ObjectRef,
  signal: AbortSignal | undefined,
  context: FailureContext,
): MergeError {
  const target = `s3://${destination.bucket}/${destination.key}`;
  const { uploadId, partNumber, partCount, abortFailure } = context;
  const aborted = signal?.aborted === true;
  const code = aborted
    ? MergeErrorCode.aborted
    : isMergeError(error)
      ? error.code
      : MergeErrorCode.mergeFailed;

  let message = aborted
    ? `merge into ${target} was aborted by its caller (${describeError(signal?.reason)})`
    : `merge into ${target} failed`;
  if (!aborted && partNumber !== undefined) message += ` at part ${partNumber} of ${partCount}`;
  if (!aborted) message += `: ${describeError(error)}`;
  if (uploadId !== undefined && context.kept === true) {
    message += `; upload ${uploadId} is recorded and kept for the next attempt`;
  } else if (uploadId !== undefined) {
    message +=
      abortFailure === undefined
        ? `; upload ${uploadId} was aborted`
        : `; aborting upload ${uploadId} failed too (${describeError(abortFailure.error)}), so it ` +
          `may stay open until a lifecycle rule for incomplete uploads removes it`;
  }
  return new MergeError(code, message, {
    cause: error,
    uploadId,
    partNumber,
    ...(abortFailure === undefined ? {} : { abortError: abortFailure.error }),
  });
}
