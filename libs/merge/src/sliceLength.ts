import type { Slice } from './types.ts';

/** Number of output bytes a slice stands for. */
export function sliceLength(slice: Slice): number {
  return slice.kind === 'bytes' ? slice.data.length : slice.range.end - slice.range.start;
}
