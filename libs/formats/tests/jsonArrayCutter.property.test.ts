import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { piecesArb } from './helpers/arbitraries.ts';
import { rangesOf } from './helpers/chunks.ts';
import type { JsonArrayCase, JsonCutChunk } from './helpers/jsonArray.ts';
import { cutJsonChain, decodeJson, jsonArrayCase, trueJsonState } from './helpers/jsonArray.ts';

/**
 * Assert that the chunks' owned regions are the array's elements, each exactly once, in
 * order: owned bytes match their offsets, regions do not overlap, every end state is the
 * true one, and decoding every chunk gives `JSON.parse` of the whole object.
 */
async function assertChunksCoverArray(
  object: JsonArrayCase,
  ranges: ReadonlyArray<[number, number]>,
  chunks: readonly JsonCutChunk[],
): Promise<void> {
  const { bytes, dataStart } = object;
  expect(chunks).toHaveLength(ranges.length);
  let previousEnd = dataStart;
  const rows: unknown[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const [start, end] = ranges[i] ?? [0, 0];
    const { ownedStart, ownedEnd, startState, endState } = chunk.result;
    expect(startState).toEqual(trueJsonState(bytes, dataStart, start));
    expect(endState).toEqual(trueJsonState(bytes, dataStart, end));
    expect(Buffer.from(chunk.owned)).toEqual(Buffer.from(bytes.subarray(ownedStart, ownedEnd)));
    if (chunk.owned.length > 0) {
      expect(ownedStart).toBeGreaterThanOrEqual(Math.max(start, previousEnd));
      expect(ownedStart).toBeLessThan(end);
      previousEnd = ownedEnd;
    }
    rows.push(...(await decodeJson(chunk.owned, { ownedStart })).rows);
  }
  expect(rows).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
}

describe('Property: JsonArrayCutter', () => {
  it('gives every element exactly once, in order, at every 2-chunk split', async () => {
    await fc.assert(
      fc.asyncProperty(jsonArrayCase, piecesArb, async (object, pieces) => {
        for (let split = object.dataStart; split <= object.bytes.length; split += 1) {
          // Prepare
          const ranges = rangesOf(object.dataStart, object.bytes.length, [split]);
          // Act
          const { chunks } = await cutJsonChain(object, ranges, { pieces });
          // Assess
          await assertChunksCoverArray(object, ranges, chunks);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('gives every element exactly once for random multi-way splits and small windows', async () => {
    const caseWithSplits = jsonArrayCase.chain((object) =>
      fc.tuple(
        fc.constant(object),
        fc.array(fc.integer({ min: object.dataStart, max: object.bytes.length }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(caseWithSplits, piecesArb, async ([object, splits, window], pieces) => {
        // Prepare
        const sorted = [...splits].sort((a, b) => a - b);
        const ranges = rangesOf(object.dataStart, object.bytes.length, sorted);
        // Act
        const { chunks } = await cutJsonChain(object, ranges, {
          pieces,
          ...(window === undefined ? {} : { inferenceWindow: window }),
        });
        // Assess
        await assertChunksCoverArray(object, ranges, chunks);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
