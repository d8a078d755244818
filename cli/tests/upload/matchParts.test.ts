import type { UploadedPart } from '@chunkline/aws';
import { describe, expect, it } from 'vitest';
import { matchParts, misfit } from '../../src/upload/matchParts.ts';
import { planUpload } from '../../src/upload/planUpload.ts';

const MiB = 1024 * 1024;
/** 4 parts: three of 8 MiB and one of 1 MiB. */
const plan = planUpload(25 * MiB);
const part = (partNumber: number, overrides: Partial<UploadedPart> = {}): UploadedPart => ({
  partNumber,
  size: partNumber === 4 ? MiB : 8 * MiB,
  etag: `"etag-${partNumber}"`,
  checksumCrc32: `crc-${partNumber}`,
  ...overrides,
});
const localOf = (...numbers: number[]) => new Map(numbers.map((n) => [n, `crc-${n}`]));

describe('Function: misfit', () => {
  it('accepts parts of the planned sizes, the last one short', () => {
    expect(misfit(plan, [part(1), part(2), part(4)])).toBeUndefined();
  });

  it('accepts an upload with no parts yet', () => {
    expect(misfit(plan, [])).toBeUndefined();
  });

  it.each([
    {
      name: 'a part beyond the plan',
      parts: [part(1), part(5, { size: MiB })],
      says: 'has part 5',
    },
    {
      name: 'a part of another size',
      parts: [part(2, { size: 9 * MiB })],
      says: 'part 2 is 9437184 bytes',
    },
    {
      name: 'a short last part from a smaller file',
      parts: [part(4, { size: 100 })],
      says: 'part 4 is 100 bytes',
    },
  ])('refuses $name, saying why', ({ parts, says }) => {
    expect(misfit(plan, parts)).toContain(says);
  });
});

describe('Function: matchParts', () => {
  it('keeps parts whose checksum matches the local bytes and sends the rest', () => {
    // Act
    const match = matchParts(plan, [part(1), part(3)], localOf(1, 3));

    // Assess
    expect(match.reuse.map((p) => p.partNumber)).toEqual([1, 3]);
    expect(match.send).toEqual([2, 4]);
    expect(match.mismatched).toEqual([]);
  });

  it('re-sends a part whose checksum differs from the local bytes', () => {
    // Act
    const match = matchParts(plan, [part(1), part(2, { checksumCrc32: 'other' })], localOf(1, 2));

    // Assess
    expect(match.reuse.map((p) => p.partNumber)).toEqual([1]);
    expect(match.send).toEqual([2, 3, 4]);
    expect(match.mismatched).toEqual([2]);
  });

  it('re-sends a part S3 lists without a CRC32', () => {
    // Act
    const match = matchParts(plan, [part(1, { checksumCrc32: undefined })], localOf(1));

    // Assess
    expect(match.reuse).toEqual([]);
    expect(match.mismatched).toEqual([1]);
  });

  it('sends every part when nothing is listed, and nothing when all match', () => {
    expect(matchParts(plan, [], new Map()).send).toEqual([1, 2, 3, 4]);
    expect(
      matchParts(
        plan,
        [1, 2, 3, 4].map((n) => part(n)),
        localOf(1, 2, 3, 4),
      ).send,
    ).toEqual([]);
  });
});
