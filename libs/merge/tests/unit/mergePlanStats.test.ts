import { describe, expect, it } from 'vitest';
import { mergePlanBytes, mergePlanStats, planMerge } from '../../src/index.ts';
import type { MergePlanStats } from '../../src/index.ts';
import { lit, makePieces, obj } from '../helpers/factories.ts';
import type { PieceSpec } from '../helpers/factories.ts';

describe('Function: mergePlanStats', () => {
  it.each<{ name: string; specs: PieceSpec[]; stats: MergePlanStats }>([
    {
      name: 'an empty output',
      specs: [],
      stats: { copyParts: 0, assembleParts: 0, bytesCopied: 0, bytesAssembled: 0 },
    },
    {
      name: 'a single put (all bytes pass through memory)',
      specs: [lit(2), obj(3)],
      stats: { copyParts: 0, assembleParts: 0, bytesCopied: 0, bytesAssembled: 5 },
    },
    {
      name: 'a header and three big parts',
      specs: [lit(3), obj(20), obj(20), obj(20)],
      stats: { copyParts: 3, assembleParts: 1, bytesCopied: 53, bytesAssembled: 10 },
    },
    {
      name: 'small parts only',
      specs: [obj(4), obj(4), obj(4), obj(4), obj(4)],
      stats: { copyParts: 0, assembleParts: 2, bytesCopied: 0, bytesAssembled: 20 },
    },
  ])('counts $name', ({ specs, stats }) => {
    // Prepare
    const plan = planMerge(makePieces(specs).pieces, { minPartSize: 10, maxPartSize: 25 });

    // Act
    const actual = mergePlanStats(plan);

    // Assess
    expect(actual).toEqual(stats);
    expect(mergePlanBytes(plan)).toBe(stats.bytesCopied + stats.bytesAssembled);
  });
});
