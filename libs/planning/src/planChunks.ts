/** The most chunks one job may have. */
export const MAX_CHUNKS = 10_000;

/** What planning needs: sizes only, never record data. */
export interface PlanInput {
  /** First byte of the record region (after any header). */
  readonly dataStart: number;
  /** End of the record region: the object size. */
  readonly dataEnd: number;
  /** Target bytes per chunk. */
  readonly chunkSize: number;
  /** Objects of at most this many bytes are processed as one chunk. */
  readonly singleChunkThreshold: number;
  /** Defaults to `MAX_CHUNKS`. */
  readonly maxChunks?: number;
}

/** A plan: `chunkCount` consecutive ranges of `chunkSize` bytes over the record region. */
export interface ChunkPlan {
  readonly dataStart: number;
  readonly dataEnd: number;
  readonly chunkSize: number;
  readonly chunkCount: number;
}

/** The byte range a chunk covers; it owns the records that start inside it. */
export interface ChunkRange {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The planning rule. An object no larger than the threshold, or with no record bytes, is
 * one chunk. Otherwise the record region is cut into equal ranges of about `chunkSize`
 * (¾ to 1½ times it; never a tiny last one); when that would exceed `maxChunks`, the
 * chunks grow to the smallest size that fits.
 */
export function planChunks(input: PlanInput): ChunkPlan {
  const { dataStart, dataEnd, singleChunkThreshold } = input;
  const maxChunks = input.maxChunks ?? MAX_CHUNKS;
  if (!(dataStart >= 0 && dataEnd >= dataStart && Number.isSafeInteger(dataEnd))) {
    throw new RangeError(`planning: invalid record region [${dataStart}, ${dataEnd})`);
  }
  if (!(Number.isSafeInteger(input.chunkSize) && input.chunkSize > 0)) {
    throw new RangeError(`planning: chunk size must be a positive integer, got ${input.chunkSize}`);
  }
  const length = dataEnd - dataStart;
  if (length === 0 || dataEnd <= singleChunkThreshold) {
    return { dataStart, dataEnd, chunkSize: Math.max(length, 1), chunkCount: 1 };
  }
  // Equal chunks of about `chunkSize`: a remainder under half a chunk is spread over the
  // others instead of becoming a tiny last chunk that leaves a processor idle.
  const chunkCount = Math.min(maxChunks, Math.max(1, Math.round(length / input.chunkSize)));
  const chunkSize = Math.ceil(length / chunkCount);
  return { dataStart, dataEnd, chunkSize, chunkCount: Math.ceil(length / chunkSize) };
}

/** The range of chunk `index` in a plan. */
export function chunkRange(plan: ChunkPlan, index: number): ChunkRange {
  if (!(Number.isInteger(index) && index >= 0 && index < plan.chunkCount)) {
    throw new RangeError(
      `planning: chunk ${index} is outside the plan of ${plan.chunkCount} chunks`,
    );
  }
  const start = plan.dataStart + index * plan.chunkSize;
  return { index, start, end: Math.min(start + plan.chunkSize, plan.dataEnd) };
}
