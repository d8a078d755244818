import fc from 'fast-check';
import { describe, it } from 'vitest';
import { jsonlCase, piecesArb } from './helpers/arbitraries.ts';
import { assertChunksTileBody } from './helpers/assertChunks.ts';
import { cutWithInference, cutWithTrueStates, rangesOf } from './helpers/chunks.ts';
import type { ChunkedObject } from './helpers/chunks.ts';
import { jsonlOracle } from './helpers/oracle.ts';

describe('Property: RecordCutter on JSONL', () => {
  it('tiles the body at every 2-chunk split (multi-byte text, CRLF, blank lines)', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlCase, piecesArb, async (bytes, pieces) => {
        // Prepare
        const object: ChunkedObject = { bytes, format: 'jsonl', dataStart: 0, pieces };
        const rows = jsonlOracle(bytes);
        for (let split = 0; split <= bytes.length; split += 1) {
          const ranges = rangesOf(0, bytes.length, [split]);
          // Act
          const chunks = await cutWithTrueStates(object, ranges);
          // Assess
          await assertChunksTileBody(object, ranges, chunks, rows);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('tiles the body for 3 chunks at random offsets', async () => {
    const caseWithSplits = jsonlCase.chain((bytes) =>
      fc.tuple(
        fc.constant(bytes),
        fc.array(fc.integer({ min: 0, max: bytes.length }), { minLength: 2, maxLength: 2 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(caseWithSplits, piecesArb, async ([bytes, offsets], pieces) => {
        // Prepare
        const object: ChunkedObject = { bytes, format: 'jsonl', dataStart: 0, pieces };
        const ranges = rangesOf(
          0,
          bytes.length,
          [...offsets].sort((a, b) => a - b),
        );
        // Act
        const chunks = await cutWithInference(object, ranges);
        // Assess
        await assertChunksTileBody(object, ranges, chunks, jsonlOracle(bytes));
      }),
      { numRuns: 200 },
    );
  });
});
