export type { CompletionStore } from './completionStore.ts';
export {
  FAN_OUT,
  ROOT_KEY,
  childCount,
  childrenPrefix,
  markerKey,
  markerTree,
} from './markerTree.ts';
export type { MarkerTree } from './markerTree.ts';
export { recordChunkDone } from './recordChunkDone.ts';
export type { CompletionOutcome } from './recordChunkDone.ts';
