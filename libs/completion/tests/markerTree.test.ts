import type { CreateOutcome } from '@chunkline/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FAN_OUT,
  ROOT_KEY,
  childCount,
  childrenPrefix,
  markerKey,
  markerTree,
  recordChunkDone,
} from '../src/index.ts';
import type { CompletionStore, MarkerTree } from '../src/index.ts';

/**
 * An in-memory marker store with real prefix listing semantics, counting its requests.
 * Keys are indexed by their "directory" (everything up to the last `/`), so a count walks
 * the directories (a few hundred at most) rather than every marker.
 */
class MemoryCompletionStore implements CompletionStore {
  readonly bodies = new Map<string, string>();
  private readonly directories = new Map<string, number>();
  creates = 0;
  counts = 0;

  get requests(): number {
    return this.creates + this.counts;
  }

  async createIfAbsent(key: string, body: string): Promise<CreateOutcome> {
    this.creates += 1;
    if (this.bodies.has(key)) return 'exists';
    this.bodies.set(key, body);
    const directory = key.slice(0, key.lastIndexOf('/') + 1);
    this.directories.set(directory, (this.directories.get(directory) ?? 0) + 1);
    return 'created';
  }

  async count(prefix: string): Promise<number> {
    this.counts += 1;
    let n = 0;
    for (const [directory, size] of this.directories) {
      if (directory.startsWith(prefix)) n += size;
    }
    return n;
  }
}

/** The indices 0 … n-1 in an order fixed by `seed`. */
function shuffled(n: number, seed: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  const [order] = fc.sample(fc.shuffledSubarray(indices, { minLength: n, maxLength: n }), {
    numRuns: 1,
    seed,
  });
  return order ?? indices;
}

/** Every marker key of a tree below the root, by level. */
function allKeys(tree: MarkerTree): string[][] {
  return tree.widths
    .slice(0, -1)
    .map((width, level) => Array.from({ length: width }, (_, index) => markerKey(level, index)));
}

describe('Function: markerTree', () => {
  it.each([
    { chunkCount: 1, widths: [1, 1] },
    { chunkCount: 2, widths: [2, 1] },
    { chunkCount: 64, widths: [64, 1] },
    { chunkCount: 65, widths: [65, 2, 1] },
    { chunkCount: 4096, widths: [4096, 64, 1] },
    { chunkCount: 4097, widths: [4097, 65, 2, 1] },
    { chunkCount: 10_000, widths: [10_000, 157, 3, 1] },
  ])('gives $chunkCount chunks the level widths $widths', ({ chunkCount, widths }) => {
    // Act
    const tree = markerTree(chunkCount);

    // Assess
    expect(tree.widths).toEqual(widths);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a chunk count of %s with a RangeError naming the value',
    (chunkCount) => {
      // Act
      const act = (): MarkerTree => markerTree(chunkCount);

      // Assess
      expect(act).toThrow(RangeError);
      expect(act).toThrow(`completion: chunk count must be a positive integer, got ${chunkCount}`);
    },
  );
});

describe('Functions: markerKey, childrenPrefix and childCount', () => {
  it('places node 130 of level 0 under parent 2, and parent 2 of level 1 under parent 0', () => {
    // Act
    const leaf = markerKey(0, 130);
    const group = markerKey(1, 2);

    // Assess
    expect(leaf).toBe('0/2/130');
    expect(group).toBe('1/0/2');
    expect(childrenPrefix(0, 2)).toBe('0/2/');
  });

  it('gives full groups 64 children and the last group the remainder', () => {
    // Prepare
    const tree = markerTree(10_000);

    // Act
    const counts = [childCount(tree, 0, 0), childCount(tree, 0, 155), childCount(tree, 0, 156)];

    // Assess
    expect(counts).toEqual([64, 64, 10_000 - 156 * 64]);
    expect(childCount(tree, 1, 2)).toBe(157 - 2 * 64);
  });

  it('puts every key under its parent’s children prefix, and child counts sum to each level’s width (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (chunkCount) => {
        // Prepare
        const tree = markerTree(chunkCount);

        // Act
        const problems: string[] = [];
        for (let level = 0; level < tree.widths.length - 1; level += 1) {
          const width = tree.widths[level] ?? 0;
          const parents = tree.widths[level + 1] ?? 0;
          if (parents !== Math.ceil(width / FAN_OUT)) problems.push(`level ${level + 1} width`);
          for (let index = 0; index < width; index += 1) {
            const prefix = childrenPrefix(level, Math.floor(index / FAN_OUT));
            if (!markerKey(level, index).startsWith(prefix)) problems.push(`${level}:${index}`);
          }
          let sum = 0;
          for (let parent = 0; parent < parents; parent += 1) {
            const children = childCount(tree, level, parent);
            if (children < 1 || children > FAN_OUT) problems.push(`${level}/${parent} size`);
            sum += children;
          }
          if (sum !== width) problems.push(`level ${level} sums to ${sum}, not ${width}`);
        }

        // Assess
        expect(problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it.each([65, 700, 4097, 10_000])(
    'with %i chunks, each children prefix matches exactly its own children across all levels',
    (chunkCount) => {
      // Prepare: 0/1/ must not also match 0/10/…, nor a key of another level.
      const tree = markerTree(chunkCount);
      const keys = allKeys(tree).flat();

      // Act
      const mismatches: string[] = [];
      for (let level = 0; level < tree.widths.length - 1; level += 1) {
        for (let parent = 0; parent < (tree.widths[level + 1] ?? 0); parent += 1) {
          const prefix = childrenPrefix(level, parent);
          const listed = keys.filter((key) => key.startsWith(prefix)).length;
          const expected = childCount(tree, level, parent);
          if (listed !== expected)
            mismatches.push(`${prefix} lists ${listed}, expected ${expected}`);
        }
      }

      // Assess
      expect(mismatches).toEqual([]);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).not.toContain(ROOT_KEY);
    },
  );
});

describe('Function: recordChunkDone', () => {
  it('completes a one-chunk job at once, in three requests', async () => {
    // Prepare
    const store = new MemoryCompletionStore();

    // Act
    const outcome = await recordChunkDone(store, 1, 0, '{"index":0}');

    // Assess
    expect(outcome).toEqual({ recorded: true, complete: true, createdRoot: true, requests: 3 });
    expect([...store.bodies]).toEqual([
      ['0/0/0', '{"index":0}'],
      [ROOT_KEY, ''],
    ]);
  });

  it('completes chunks taken in any order exactly at the last one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }).chain((n) =>
          fc.shuffledSubarray(
            Array.from({ length: n }, (_, i) => i),
            { minLength: n, maxLength: n },
          ),
        ),
        async (order) => {
          // Prepare
          const store = new MemoryCompletionStore();

          // Act
          const outcomes = [];
          for (const index of order) {
            outcomes.push(await recordChunkDone(store, order.length, index, `{"index":${index}}`));
          }

          // Assess
          const completedAt = outcomes.flatMap((outcome, i) => (outcome.complete ? [i] : []));
          expect(completedAt).toEqual([order.length - 1]);
          expect(outcomes.at(-1)?.createdRoot).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    { order: 'in order', seed: 0 },
    { order: 'in a shuffled order', seed: 42 },
  ])(
    'records 10,000 chunks $order with at most 3 requests per chunk, as reported',
    async ({ seed }) => {
      // Prepare
      const chunkCount = 10_000;
      const order =
        seed === 0 ? Array.from({ length: chunkCount }, (_, i) => i) : shuffled(chunkCount, seed);
      const store = new MemoryCompletionStore();

      // Act
      let reported = 0;
      let completions = 0;
      for (const index of order) {
        const outcome = await recordChunkDone(store, chunkCount, index, '{}');
        reported += outcome.requests;
        if (outcome.complete) completions += 1;
      }

      // Assess
      expect(completions).toBe(1);
      expect(reported).toBe(store.requests);
      expect(store.requests / chunkCount).toBeLessThanOrEqual(3);
      // Every chunk costs a create and a listing; only each group's last finisher climbs.
      expect(store.requests).toBe(2 * 10_000 + 2 * 157 + 2 * 3 + 1);
      expect(store.bodies.size).toBe(10_000 + 157 + 3 + 1);
    },
  );

  it('does not complete while any chunk is missing, even if others are recorded twice', async () => {
    // Prepare
    const store = new MemoryCompletionStore();
    const chunkCount = 130;

    // Act
    const outcomes = [];
    for (let index = 0; index < chunkCount; index += 1) {
      if (index === 77) continue;
      outcomes.push(await recordChunkDone(store, chunkCount, index, '{}'));
      outcomes.push(await recordChunkDone(store, chunkCount, index, '{}'));
    }

    // Assess
    expect(outcomes.some((outcome) => outcome.complete)).toBe(false);
    expect(store.bodies.has(ROOT_KEY)).toBe(false);
    expect(store.bodies.has(markerKey(1, 1))).toBe(false);
  });

  it('reports a re-run of a done chunk after completion as complete again, without creating the root', async () => {
    // Prepare
    const store = new MemoryCompletionStore();
    const chunkCount = 10_000;
    for (let index = 0; index < chunkCount; index += 1) {
      await recordChunkDone(store, chunkCount, index, `{"index":${index}}`);
    }
    const markersBefore = store.bodies.size;

    // Act
    const outcome = await recordChunkDone(store, chunkCount, 5, '{"index":5,"rerun":true}');

    // Assess: the re-run walks the whole path again: a create and a listing per level, then the root.
    expect(outcome).toEqual({ recorded: false, complete: true, createdRoot: false, requests: 7 });
    expect(store.bodies.size).toBe(markersBefore);
    expect(store.bodies.get(markerKey(0, 5))).toBe('{"index":5}');
  });
});
