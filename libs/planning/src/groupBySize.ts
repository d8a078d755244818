import { MAX_CHUNKS } from './planChunks.ts';

/** A run of consecutive items: `count` items from index `first`, `size` bytes in all. */
export interface SizeGroup {
  readonly first: number;
  readonly count: number;
  readonly size: number;
}

/** The greedy groups for `target`, or `undefined` as soon as there would be more than `limit`. */
function greedy(sizes: readonly number[], target: number, limit: number): SizeGroup[] | undefined {
  const groups: SizeGroup[] = [];
  let first = 0;
  let size = 0;
  for (let i = 0; i < sizes.length; i += 1) {
    const item = sizes[i] as number;
    if (i > first && size + item > target) {
      if (groups.length === limit) return undefined;
      groups.push({ first, count: i - first, size });
      first = i;
      size = 0;
    }
    size += item;
  }
  if (sizes.length > 0) {
    if (groups.length === limit) return undefined;
    groups.push({ first, count: sizes.length - first, size });
  }
  return groups;
}

/**
 * The grouping rule for many small items (e.g. the entries of a ZIP archive): consecutive
 * groups, in order, each as large as possible without exceeding `targetSize` bytes; an item
 * larger than `targetSize` forms a group alone. When that would give more than `maxGroups`
 * groups, the target grows to the smallest size that gives at most `maxGroups` (greedy
 * grouping is optimal for each target, so no other grouping under that target has fewer).
 * Empty `sizes` give no groups.
 *
 * @param sizes - Bytes of each item, non-negative integers.
 * @param targetSize - Preferred most bytes per group, a positive integer.
 * @param maxGroups - Most groups. Default `MAX_CHUNKS` (10,000).
 * @throws RangeError when an argument is not as described.
 */
export function groupBySize(
  sizes: readonly number[],
  targetSize: number,
  maxGroups: number = MAX_CHUNKS,
): SizeGroup[] {
  if (!(Number.isSafeInteger(targetSize) && targetSize > 0)) {
    throw new RangeError(`planning: target size must be a positive integer, got ${targetSize}`);
  }
  if (!(Number.isSafeInteger(maxGroups) && maxGroups > 0)) {
    throw new RangeError(`planning: maxGroups must be a positive integer, got ${maxGroups}`);
  }
  let total = 0;
  for (const [index, size] of sizes.entries()) {
    if (!(Number.isSafeInteger(size) && size >= 0)) {
      throw new RangeError(
        `planning: item ${index} has size ${size}; sizes must be non-negative integers`,
      );
    }
    total += size;
  }
  const atTarget = greedy(sizes, targetSize, maxGroups);
  if (atTarget !== undefined) return atTarget;
  // The group count only falls as the target grows; at `total` everything is one group.
  let low = targetSize;
  let high = Math.max(total, targetSize + 1);
  let best = greedy(sizes, high, maxGroups) as SizeGroup[];
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    const groups = greedy(sizes, middle, maxGroups);
    if (groups === undefined) low = middle;
    else {
      high = middle;
      best = groups;
    }
  }
  return best;
}
