import { sliceLength } from './sliceLength.ts';
import type { MergePlan, MergePlanStats } from './types.ts';

/**
 * What a plan costs: parts and bytes copied server-side versus assembled in memory. A single
 * `PutObject` plan counts no parts and all its bytes as assembled.
 */
export function mergePlanStats(plan: MergePlan): MergePlanStats {
  if (plan.kind === 'single') {
    const bytes = plan.slices.reduce((sum, slice) => sum + sliceLength(slice), 0);
    return { copyParts: 0, assembleParts: 0, bytesCopied: 0, bytesAssembled: bytes };
  }
  let copyParts = 0;
  let assembleParts = 0;
  let bytesCopied = 0;
  let bytesAssembled = 0;
  for (const { source } of plan.parts) {
    if (source.kind === 'copy') {
      copyParts += 1;
      bytesCopied += source.range.end - source.range.start;
    } else {
      assembleParts += 1;
      bytesAssembled += source.slices.reduce((sum, slice) => sum + sliceLength(slice), 0);
    }
  }
  return { copyParts, assembleParts, bytesCopied, bytesAssembled };
}

/** Size of the output object a plan describes. */
export function mergePlanBytes(plan: MergePlan): number {
  const { bytesCopied, bytesAssembled } = mergePlanStats(plan);
  return bytesCopied + bytesAssembled;
}
