import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { piecesArb } from './helpers/arbitraries.ts';
import { utf8 } from './helpers/bytes.ts';
import { decodeAll } from './helpers/oracle.ts';

/** CSV-like text that is often malformed: stray quotes, ragged rows, CR, multi-byte. */
const messyCsv = fc
  .string({
    unit: fc.constantFrom('a', ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', 'é', '日本'),
    maxLength: 30,
  })
  .map(utf8);

/** Start offsets of the non-blank records under the quote-toggle rule. */
function recordStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  let inside = false;
  let start = 0;
  bytes.forEach((byte, i) => {
    if (byte === 0x22) inside = !inside;
    if (byte !== 0x0a || inside) return;
    const blank = i === start || (i === start + 1 && bytes[start] === 0x0d);
    if (!blank) starts.push(start);
    start = i + 1;
  });
  if (start < bytes.length) starts.push(start);
  return starts;
}

describe('Property: decodeRecords under "skip"', () => {
  it('accounts for every record once, as a row or a reject at its offset, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        messyCsv,
        piecesArb,
        fc.integer({ min: 1, max: 4 }),
        async (owned, pieces, batchSize) => {
          // Prepare
          const options = {
            format: 'csv',
            columns: ['a', 'b'],
            ownedStart: 10,
            onBadRecord: 'skip',
            batchSize,
          } as const;
          // Act
          const whole = await decodeAll(owned, options);
          const split = await decodeAll(owned, { ...options, pieces });
          // Assess
          expect(split.batches.flatMap((b) => b.rejects)).toEqual(
            whole.batches.flatMap((b) => b.rejects),
          );
          expect(split.rows).toEqual(whole.rows);
          for (const batch of split.batches) {
            expect(batch.rows.length + batch.rejects.length).toBeGreaterThan(0);
            expect(batch.rows.length + batch.rejects.length).toBeLessThanOrEqual(batchSize);
          }
          const starts = recordStarts(owned).map((start) => start + 10);
          const rejectOffsets = whole.batches.flatMap((b) =>
            b.rejects.map((reject) => reject.offset),
          );
          expect(whole.rows.length + rejectOffsets.length).toBe(starts.length);
          for (const offset of rejectOffsets) expect(starts).toContain(offset);
        },
      ),
      { numRuns: 400 },
    );
  });
});
