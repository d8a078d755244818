import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SizeGroup } from '../src/index.ts';
import { MAX_CHUNKS, groupBySize } from '../src/index.ts';

/** Groups as `[first, count, size]` triples, for compact expectations. */
function triples(groups: readonly SizeGroup[]): Array<[number, number, number]> {
  return groups.map(({ first, count, size }) => [first, count, size]);
}

/** Where `groups` breaks the rules: gaps, overlaps, wrong sizes, multi-item groups over `limit`. */
function violations(
  sizes: readonly number[],
  groups: readonly SizeGroup[],
  limit: number,
): string[] {
  const found: string[] = [];
  let next = 0;
  for (const [index, { first, count, size }] of groups.entries()) {
    const members = sizes.slice(first, first + count);
    const sum = members.reduce((total, item) => total + item, 0);
    if (first !== next) found.push(`group ${index} starts at ${first}, not ${next}`);
    if (count < 1) found.push(`group ${index} is empty`);
    if (size !== sum) found.push(`group ${index} says ${size} bytes, holds ${sum}`);
    if (count > 1 && size > limit) found.push(`group ${index} of ${count} items exceeds ${limit}`);
    next = first + count;
  }
  if (next !== sizes.length) found.push(`groups end at item ${next} of ${sizes.length}`);
  return found;
}

/** The invariants every grouping keeps, whatever the inputs. */
function expectValidGrouping(
  sizes: readonly number[],
  groups: readonly SizeGroup[],
  limit: number,
): void {
  expect(violations(sizes, groups, limit)).toEqual([]);
}

describe('Function: groupBySize', () => {
  it.each([
    { case: 'no items', sizes: [], target: 10, groups: [] },
    { case: 'one item', sizes: [4], target: 10, groups: [[0, 1, 4]] },
    {
      case: 'items that fill groups exactly',
      sizes: [5, 5, 5, 5],
      target: 10,
      groups: [
        [0, 2, 10],
        [2, 2, 10],
      ],
    },
    {
      case: 'items that leave a remainder',
      sizes: [4, 4, 4, 4, 4],
      target: 10,
      groups: [
        [0, 2, 8],
        [2, 2, 8],
        [4, 1, 4],
      ],
    },
    {
      case: 'an item larger than the target, alone between others',
      sizes: [3, 25, 3, 3],
      target: 10,
      groups: [
        [0, 1, 3],
        [1, 1, 25],
        [2, 2, 6],
      ],
    },
    {
      case: 'empty items, which cost nothing',
      sizes: [0, 0, 10, 0],
      target: 10,
      groups: [[0, 4, 10]],
    },
  ])('groups $case', ({ sizes, target, groups }) => {
    // Act
    const result = groupBySize(sizes, target);
    // Assess
    expect(triples(result)).toEqual(groups);
  });

  it('grows the target to the smallest size that fits maxGroups', () => {
    // Prepare: ten items of 10 bytes, a 10-byte target, at most 3 groups.
    const sizes = Array.from({ length: 10 }, () => 10);
    // Act
    const groups = groupBySize(sizes, 10, 3);
    // Assess: 40 bytes per group is the smallest target giving 3 groups.
    expect(triples(groups)).toEqual([
      [0, 4, 40],
      [4, 4, 40],
      [8, 2, 20],
    ]);
  });

  it('never exceeds 10,000 groups by default', () => {
    // Prepare: 100,000 entries of 1 KiB with a 1 KiB target.
    const sizes = Array.from({ length: 100_000 }, () => 1024);
    // Act
    const groups = groupBySize(sizes, 1024);
    // Assess
    expect(groups).toHaveLength(MAX_CHUNKS);
    expectValidGrouping(sizes, groups, 10 * 1024);
  });

  it.each([
    { case: 'a zero target', sizes: [1], target: 0, max: 10 },
    { case: 'a fractional target', sizes: [1], target: 1.5, max: 10 },
    { case: 'zero maxGroups', sizes: [1], target: 10, max: 0 },
    { case: 'a negative size', sizes: [1, -2], target: 10, max: 10 },
    { case: 'a NaN size', sizes: [Number.NaN], target: 10, max: 10 },
  ])('rejects $case with a RangeError', ({ sizes, target, max }) => {
    // Act + Assess
    expect(() => groupBySize(sizes, target, max)).toThrow(RangeError);
  });

  it('puts every item in exactly one group, in order, within the target unless alone or too many (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 50 }),
        (sizes, target, maxGroups) => {
          // Act
          const groups = groupBySize(sizes, target, maxGroups);
          // Assess
          expect(groups.length).toBeLessThanOrEqual(maxGroups);
          const unbounded = groupBySize(sizes, target, Number.MAX_SAFE_INTEGER);
          const grown = unbounded.length > maxGroups ? Number.MAX_SAFE_INTEGER : target;
          expectValidGrouping(sizes, groups, grown);
          if (grown === target) expect(groups).toEqual(unbounded);
        },
      ),
    );
  });

  it('keeps each group as large as possible: the next item would overflow it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 2000 }),
        (sizes, target) => {
          // Act
          const groups = groupBySize(sizes, target, Number.MAX_SAFE_INTEGER);
          // Assess
          expectValidGrouping(sizes, groups, target);
          for (const group of groups.slice(0, -1)) {
            const next = sizes[group.first + group.count] as number;
            expect(group.size + next).toBeGreaterThan(target);
          }
        },
      ),
    );
  });

  it('grows the target no more than needed: one byte less gives too many groups (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        (sizes, target, maxGroups) => {
          // Act
          const groups = groupBySize(sizes, target, maxGroups);
          const grown = Math.max(
            0,
            ...groups.filter((group) => group.count > 1).map((group) => group.size),
          );
          // Assess: the grown target is the largest group of several items.
          if (grown > target) {
            expect(groupBySize(sizes, grown - 1, Number.MAX_SAFE_INTEGER).length).toBeGreaterThan(
              maxGroups,
            );
          }
        },
      ),
    );
  });
});
