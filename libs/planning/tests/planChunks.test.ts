import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHUNKS, chunkRange, planChunks } from '../src/index.ts';

const MiB = 1024 ** 2;
const TiB = 1024 ** 4;

describe('Function: planChunks', () => {
  it.each([
    { name: 'empty object', dataStart: 0, dataEnd: 0, chunks: 1 },
    { name: 'header-only CSV', dataStart: 40, dataEnd: 40, chunks: 1 },
    { name: 'object at the threshold', dataStart: 0, dataEnd: 16 * MiB, chunks: 1 },
    { name: 'one byte over the threshold', dataStart: 0, dataEnd: 16 * MiB + 1, chunks: 2 },
    { name: 'two and a half chunks', dataStart: 0, dataEnd: 20 * MiB, chunks: 3 },
    { name: '128 MiB and a 34-byte header', dataStart: 34, dataEnd: 128 * MiB + 34, chunks: 16 },
    { name: '64 MiB in 8 MiB chunks', dataStart: 0, dataEnd: 64 * MiB, chunks: 8 },
    {
      name: 'a remainder of half a chunk and 7 bytes',
      dataStart: 100,
      dataEnd: 100 + 20 * MiB + 7,
      chunks: 3,
    },
  ])('plans $name as $chunks chunk(s)', ({ dataStart, dataEnd, chunks }) => {
    // Act
    const plan = planChunks({
      dataStart,
      dataEnd,
      chunkSize: 8 * MiB,
      singleChunkThreshold: 16 * MiB,
    });
    // Assess
    expect(plan.chunkCount).toBe(chunks);
  });

  it('never exceeds 10,000 chunks, growing the chunk size instead', () => {
    // Act
    const plan = planChunks({
      dataStart: 0,
      dataEnd: 5 * TiB,
      chunkSize: 64 * MiB,
      singleChunkThreshold: 0,
    });
    // Assess
    expect(plan.chunkCount).toBeLessThanOrEqual(MAX_CHUNKS);
    expect(plan.chunkSize * plan.chunkCount).toBeGreaterThanOrEqual(5 * TiB);
    expect(plan.chunkSize).toBeGreaterThan(64 * MiB);
  });

  it('plans a 5 TiB object in well under 50 ms', () => {
    // Act
    const started = performance.now();
    planChunks({ dataStart: 0, dataEnd: 5 * TiB, chunkSize: 64 * MiB, singleChunkThreshold: 0 });
    // Assess: planning is arithmetic; it never walks the object.
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('covers every byte of the record region exactly once, in order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 10 ** 10 }),
        fc.integer({ min: 0, max: 10 ** 6 }),
        (dataStart, length, chunkSize, singleChunkThreshold) => {
          // Act
          const plan = planChunks({
            dataStart,
            dataEnd: dataStart + length,
            chunkSize,
            singleChunkThreshold,
          });
          // Assess
          expect(plan.chunkCount).toBeGreaterThanOrEqual(1);
          expect(plan.chunkCount).toBeLessThanOrEqual(MAX_CHUNKS);
          const first = chunkRange(plan, 0);
          const last = chunkRange(plan, plan.chunkCount - 1);
          expect(first.start).toBe(dataStart);
          expect(last.end).toBe(dataStart + length);
          expect(last.start + plan.chunkSize).toBeGreaterThanOrEqual(last.end);
          if (plan.chunkCount > 1) expect(last.end).toBeGreaterThan(last.start);
        },
      ),
    );
  });

  it('gives contiguous ranges with no gap or overlap', () => {
    // Prepare
    const plan = planChunks({
      dataStart: 13,
      dataEnd: 13 + 1000,
      chunkSize: 64,
      singleChunkThreshold: 0,
    });
    // Act
    const ranges = Array.from({ length: plan.chunkCount }, (_, i) => chunkRange(plan, i));
    // Assess
    expect(ranges[0]?.start).toBe(13);
    expect(ranges.at(-1)?.end).toBe(1013);
    for (let i = 1; i < ranges.length; i += 1) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
  });

  it.each([
    { dataStart: 5, dataEnd: 4, chunkSize: 1 },
    { dataStart: 0, dataEnd: 10, chunkSize: 0 },
    { dataStart: -1, dataEnd: 10, chunkSize: 1 },
  ])('refuses an invalid input $dataStart..$dataEnd by $chunkSize', (input) => {
    expect(() => planChunks({ ...input, singleChunkThreshold: 0 })).toThrow(RangeError);
  });
});

describe('Function: chunkRange', () => {
  it('refuses an index outside the plan', () => {
    const plan = planChunks({ dataStart: 0, dataEnd: 100, chunkSize: 10, singleChunkThreshold: 0 });
    expect(() => chunkRange(plan, 10)).toThrow(/outside the plan of 10 chunks/);
  });
});
