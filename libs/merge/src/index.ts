export {
  DEFAULT_MAX_PART_SIZE,
  DEFAULT_MAX_PARTS,
  DEFAULT_MERGE_CONCURRENCY,
  DEFAULT_MIN_PART_SIZE,
  DEFAULT_RECORD_WAIT_MS,
  GiB,
  MiB,
} from './constants.ts';
export { MergeError, MergeErrorCode, isMergeError } from './errors.ts';
export type { MergeErrorDetails } from './errors.ts';
export { executeMerge, resolveExecuteMergeOptions } from './executeMerge.ts';
export type { ResolvedExecuteMergeOptions } from './executeMerge.ts';
export { mapWithConcurrency } from './mapWithConcurrency.ts';
export { mergePlanBytes, mergePlanStats } from './mergePlanStats.ts';
export { planMerge, resolveMergePlanOptions } from './planMerge.ts';
export type { ResolvedMergePlanOptions } from './planMerge.ts';
export { sliceLength } from './sliceLength.ts';
export { readUploadRecord } from './uploadRecord.ts';
export type { UploadRecord } from './uploadRecord.ts';
export type {
  ExecuteMergeOptions,
  MergeOutcome,
  MergePlan,
  MergePlanOptions,
  MergePlanStats,
  MultipartPlan,
  PartSource,
  Piece,
  PlannedPart,
  Slice,
} from './types.ts';
