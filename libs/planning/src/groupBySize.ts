/** A run of consecutive items planned as one chunk. */
export interface SizeGroup {
  readonly first: number;
  readonly count: number;
  readonly size: number;
}

/**
 * Consecutive groups of items, each as large as possible without exceeding `targetSize`
 * (an item larger than the target is a group alone); the target grows when more than
 * `maxGroups` groups would result.
 */
export function groupBySize(
  sizes: readonly number[],
  targetSize: number,
  maxGroups = 10_000,
): SizeGroup[] {
  if (sizes.length > maxGroups * 1_000_000) throw new RangeError('planning: too many items');
  let target = Math.max(1, targetSize);
  for (;;) {
    const groups: SizeGroup[] = [];
    let first = 0;
    let size = 0;
    sizes.forEach((itemSize, index) => {
      if (index > first && size + itemSize > target) {
        groups.push({ first, count: index - first, size });
        first = index;
        size = 0;
      }
      size += itemSize;
    });
    if (sizes.length > first) groups.push({ first, count: sizes.length - first, size });
    if (groups.length <= maxGroups) return groups;
    target *= 2;
  }
}
