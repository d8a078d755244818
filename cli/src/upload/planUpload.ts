import { UploadError, UploadErrorCode } from './errors.ts';

const MiB = 1024 * 1024;

/** S3's limits on a multipart upload. */
export const S3_LIMITS = {
  /** Most parts one upload may have. */
  maxParts: 10_000,
  /** Smallest part S3 accepts, except the last. */
  minPartSize: 5 * MiB,
  /** Largest part S3 accepts. */
  maxPartSize: 5 * 1024 * MiB,
  /** Largest object S3 stores (5 TiB). */
  maxObjectSize: 5 * 1024 * 1024 * MiB,
} as const;

/** Default part size; grown (in whole MiB) when a file would need more than 10,000 parts. */
export const DEFAULT_PART_SIZE = 8 * MiB;

/** How a file is cut into parts: every part is `partSize` bytes except the last. */
export interface UploadPlan {
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
}

/**
 * The parts of an upload of `size` bytes: part size = max(8 MiB, ceil(size / 10,000) rounded
 * up to a whole MiB), so there are never more than 10,000 parts and every part but the last is
 * at least S3's 5 MiB minimum. An empty file is one empty part. Deterministic, so a resumed
 * upload of the same file plans the same parts. Throws `FileTooLarge` above 5 TiB.
 */
export function planUpload(size: number): UploadPlan {
  if (!Number.isSafeInteger(size) || size < 0)
    throw new RangeError(`upload: file size must be a whole number of bytes, not ${size}`);
  if (size > S3_LIMITS.maxObjectSize) {
    throw new UploadError(
      UploadErrorCode.fileTooLarge,
      `upload: the file is ${size} bytes, more than S3's maximum object size of 5 TiB (${S3_LIMITS.maxObjectSize} bytes); split it before uploading`,
    );
  }
  const grown = Math.ceil(Math.ceil(size / S3_LIMITS.maxParts) / MiB) * MiB;
  const partSize = Math.max(DEFAULT_PART_SIZE, grown);
  return { size, partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** The bytes `[start, end)` of part `partNumber` (1-based). */
export function partRange(plan: UploadPlan, partNumber: number): { start: number; end: number } {
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: Math.min(plan.size, start + plan.partSize) };
}
