import type { UploadedPart } from '@chunkline/aws';
import type { ObjectRef } from '@chunkline/contracts';
import { compositeCrc32, crc32Base64 } from './checksums.ts';
import { UploadError, UploadErrorCode } from './errors.ts';
import { matchParts, misfit } from './matchParts.ts';
import { partRange, planUpload } from './planUpload.ts';
import type { UploadPlan } from './planUpload.ts';
import type { LocalSource, UploadOptions, UploadResult, UploadTarget } from './types.ts';

/** Parts in flight at once unless `concurrency` says otherwise. */
export const DEFAULT_UPLOAD_CONCURRENCY = 4;

/** Where an upload starts from: a new upload, or an open one with the parts worth keeping. */
interface Start {
  readonly uploadId: string;
  readonly resumed: boolean;
  readonly reuse: readonly UploadedPart[];
  readonly send: readonly number[];
  readonly mismatched: number;
  readonly aborted: number;
  readonly freshReason?: string | undefined;
}

/**
 * Upload a local file to `ref` as a multipart upload with CRC32-verified parts, `concurrency`
 * parts in flight, resuming the newest open CRC32 upload on the key: parts S3 already holds
 * with the local bytes' checksum are kept, the rest are sent. An open upload whose parts do
 * not fit this file's plan (another size) is aborted and a new one started; so is every open
 * upload with `fresh`. After completion the object's composite CRC32 is compared with the one
 * computed from the file. On a failed part, or when `signal` aborts, the upload stays open.
 */
export async function uploadFile(
  target: UploadTarget,
  source: LocalSource,
  ref: ObjectRef,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const started = Date.now();
  const concurrency = options.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY;
  const plan = planUpload(source.size);
  const start = await findStart(target, source, ref, plan, options);
  const parts = new Map<number, UploadedPart>(start.reuse.map((p) => [p.partNumber, p]));
  let bytesSent = 0;
  let bytesDone = start.reuse.reduce((sum, p) => sum + p.size, 0);
  const report = (): void =>
    options.onProgress?.({
      bytesDone,
      bytesTotal: plan.size,
      bytesSent,
      partsDone: parts.size,
      partCount: plan.partCount,
    });
  report();

  await runPool(start.send, concurrency, options.signal, async (partNumber) => {
    const { start: from, end } = partRange(plan, partNumber);
    const body = await source.read(from, end);
    let part: UploadedPart;
    try {
      part = await target.uploadPart(ref, start.uploadId, partNumber, body, crc32Base64(body));
    } catch (error) {
      throw new UploadError(
        UploadErrorCode.partFailed,
        `upload: part ${partNumber} of s3://${ref.bucket}/${ref.key} failed (${error instanceof Error ? error.message : String(error)}); the upload stays open: run the same command again to resume it`,
        { cause: error },
      );
    }
    parts.set(partNumber, part);
    bytesSent += part.size;
    bytesDone += part.size;
    report();
  });

  const base = {
    bucket: ref.bucket,
    key: ref.key,
    uploadId: start.uploadId,
    size: plan.size,
    partSize: plan.partSize,
    partCount: plan.partCount,
    resumed: start.resumed,
    partsReused: start.reuse.length,
    partsSent: parts.size - start.reuse.length,
    partsMismatched: start.mismatched,
    bytesSent,
    uploadsAborted: start.aborted,
    freshReason: start.freshReason,
  };
  if (parts.size < plan.partCount)
    return { state: 'interrupted', ...base, verified: false, elapsedMs: Date.now() - started };

  const ordered = [...parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  const completed = await target.complete(ref, start.uploadId, ordered);
  const expected = compositeCrc32(ordered.map((p) => p.checksumCrc32 ?? ''));
  if (completed.checksumCrc32 !== undefined && completed.checksumCrc32 !== expected) {
    throw new UploadError(
      UploadErrorCode.checksumMismatch,
      `upload: s3://${ref.bucket}/${ref.key} has checksum ${completed.checksumCrc32}, but the local file gives ${expected}; the file may have changed during the upload: run the command again with --abort`,
    );
  }
  return {
    state: 'completed',
    ...base,
    etag: completed.etag,
    checksumCrc32: completed.checksumCrc32,
    verified: completed.checksumCrc32 === expected,
    elapsedMs: Date.now() - started,
  };
}

/** Resume the newest open CRC32 upload if it fits, else abort what must go and create one. */
async function findStart(
  target: UploadTarget,
  source: LocalSource,
  ref: ObjectRef,
  plan: UploadPlan,
  options: UploadOptions,
): Promise<Start> {
  const open = await target.listOpen(ref);
  const all = Array.from({ length: plan.partCount }, (_, i) => i + 1);
  let aborted = 0;
  let freshReason: string | undefined;
  const candidate = open.filter((u) => u.checksumAlgorithm === 'CRC32').at(-1);
  if (options.fresh) {
    for (const upload of open) await target.abort(ref, upload.uploadId);
    aborted = open.length;
    if (open.length > 0) freshReason = 'asked to start afresh (--abort)';
  } else if (candidate) {
    const listed = await target.listParts(ref, candidate.uploadId);
    const reason = misfit(plan, listed);
    if (reason === undefined) {
      const local = await localChecksums(source, plan, listed, options);
      const match = matchParts(plan, listed, local);
      return {
        uploadId: candidate.uploadId,
        resumed: true,
        reuse: match.reuse,
        send: match.send,
        mismatched: match.mismatched.length,
        aborted: 0,
      };
    }
    await target.abort(ref, candidate.uploadId);
    aborted = 1;
    freshReason = `the open upload ${candidate.uploadId} is not of this file: ${reason}`;
  }
  const uploadId = await target.create(ref, options.contentType);
  return { uploadId, resumed: false, reuse: [], send: all, mismatched: 0, aborted, freshReason };
}

/** The CRC32 of the local bytes of each listed part (read by ranges, in parallel). */
async function localChecksums(
  source: LocalSource,
  plan: UploadPlan,
  listed: readonly UploadedPart[],
  options: UploadOptions,
): Promise<Map<number, string>> {
  const sums = new Map<number, string>();
  const numbers = [...new Set(listed.map((p) => p.partNumber))];
  await runPool(
    numbers,
    options.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY,
    undefined,
    async (n) => {
      const { start, end } = partRange(plan, n);
      sums.set(n, crc32Base64(await source.read(start, end)));
    },
  );
  return sums;
}

/**
 * Run `work` over `items` with at most `concurrency` at once. After the first failure, or
 * once `signal` aborts, nothing new starts; what is in flight finishes; the first error is
 * thrown.
 */
async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure && !signal?.aborted) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure.error;
}
