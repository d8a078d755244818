export { MAX_CHUNKS, chunkRange, planChunks } from './planChunks.ts';
export type { ChunkPlan, ChunkRange, PlanInput } from './planChunks.ts';
export { groupBySize } from './groupBySize.ts';
export type { SizeGroup } from './groupBySize.ts';
export { canonicalJson, configDigest, jobIdFor } from './jobIdentity.ts';
export type { SourceIdentity } from './jobIdentity.ts';
export {
  jobLayout,
  jobsPrefix,
  layoutUnder,
  outputKeyFor,
  sourceIndexPrefix,
} from './stagingLayout.ts';
export type { JobLayout } from './stagingLayout.ts';
