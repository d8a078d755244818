import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/upload/errors.ts';
import { S3_LIMITS, partRange, planUpload } from '../../src/upload/planUpload.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

describe('Function: planUpload', () => {
  it.each([
    { size: 0, partSize: 8 * MiB, partCount: 1 },
    { size: 1, partSize: 8 * MiB, partCount: 1 },
    { size: 8 * MiB, partSize: 8 * MiB, partCount: 1 },
    { size: 8 * MiB + 1, partSize: 8 * MiB, partCount: 2 },
    { size: 110 * MiB, partSize: 8 * MiB, partCount: 14 },
    { size: 80_000 * MiB, partSize: 8 * MiB, partCount: 10_000 },
    { size: 80_000 * MiB + 1, partSize: 9 * MiB, partCount: 8889 },
    { size: TiB, partSize: 105 * MiB, partCount: 9987 },
    { size: 5 * TiB, partSize: 525 * MiB, partCount: 9987 },
  ])(
    'plans $size bytes as $partCount part(s) of $partSize bytes',
    ({ size, partSize, partCount }) => {
      // Act
      const plan = planUpload(size);

      // Assess
      expect(plan).toEqual({ size, partSize, partCount });
    },
  );

  it('never exceeds 10,000 parts, keeps every part but the last at least 5 MiB, and grows in whole MiB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: S3_LIMITS.maxObjectSize }), (size) => {
        // Act
        const plan = planUpload(size);

        // Assess
        expect(plan.partCount).toBeLessThanOrEqual(S3_LIMITS.maxParts);
        expect(plan.partSize).toBeGreaterThanOrEqual(S3_LIMITS.minPartSize);
        expect(plan.partSize).toBeLessThanOrEqual(S3_LIMITS.maxPartSize);
        expect(plan.partSize % MiB).toBe(0);
        const last = partRange(plan, plan.partCount);
        expect(last.end).toBe(size);
        expect(last.end - last.start).toBeLessThanOrEqual(plan.partSize);
        if (size > 0) expect(last.end - last.start).toBeGreaterThan(0);
      }),
    );
  });

  it('refuses a file over 5 TiB with a message naming its size and the limit', () => {
    // Act
    const act = () => planUpload(5 * TiB + 1);

    // Assess
    expect(act).toThrow(UploadError);
    expect(act).toThrow(/5497558138881 bytes, more than S3's maximum object size of 5 TiB/);
  });

  it.each([-1, 1.5, Number.NaN])('refuses the impossible size %s', (size) => {
    expect(() => planUpload(size)).toThrow(RangeError);
  });
});

describe('Function: partRange', () => {
  it('covers the file with adjacent ranges in part order', () => {
    // Prepare
    const plan = planUpload(20 * MiB + 3);

    // Act
    const ranges = [1, 2, 3].map((n) => partRange(plan, n));

    // Assess
    expect(ranges).toEqual([
      { start: 0, end: 8 * MiB },
      { start: 8 * MiB, end: 16 * MiB },
      { start: 16 * MiB, end: 20 * MiB + 3 },
    ]);
  });
});
