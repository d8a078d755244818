import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvHeader } from '../src/index.ts';
import { csvCase, piecesArb } from './helpers/arbitraries.ts';
import type { CsvCase } from './helpers/arbitraries.ts';
import { assertChunksTileBody } from './helpers/assertChunks.ts';
import type { Pieces } from './helpers/bytes.ts';
import { cutWithInference, cutWithTrueStates, rangesOf } from './helpers/chunks.ts';
import type { ChunkedObject } from './helpers/chunks.ts';
import { csvOracle } from './helpers/oracle.ts';

/** The object a case describes, with its header. */
function prepare(c: CsvCase, pieces: Pieces, inferenceWindow?: number) {
  const header = parseCsvHeader(c.bytes, { delimiter: c.delimiter, isWholeObject: true });
  if (header === undefined) throw new Error('a whole object always has a header');
  const object: ChunkedObject = {
    bytes: c.bytes,
    format: 'csv',
    dataStart: header.dataStart,
    delimiter: c.delimiter,
    pieces,
    ...(inferenceWindow === undefined ? {} : { inferenceWindow }),
  };
  return { object, columns: header.columns, rows: csvOracle(c.bytes, c.delimiter) };
}

/** Small windows force assumptions (and misspeculations); undefined is the 1 MiB default. */
const windowArb = fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined });

describe('Property: RecordCutter on CSV', () => {
  it('tiles the body at every 2-chunk split when given the true start state', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, piecesArb, async (c, pieces) => {
        // Prepare
        const { object, columns, rows } = prepare(c, pieces);
        for (let split = object.dataStart; split <= c.bytes.length; split += 1) {
          const ranges = rangesOf(object.dataStart, c.bytes.length, [split]);
          // Act
          const chunks = await cutWithTrueStates(object, ranges);
          // Assess
          await assertChunksTileBody(object, ranges, chunks, rows, columns);
          expect(chunks.every((chunk) => chunk.result.how === 'given')).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('tiles the body at every 2-chunk split with inference, retry and reconciliation', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, piecesArb, windowArb, async (c, pieces, window) => {
        // Prepare
        const { object, columns, rows } = prepare(c, pieces, window);
        for (let split = object.dataStart; split <= c.bytes.length; split += 1) {
          const ranges = rangesOf(object.dataStart, c.bytes.length, [split]);
          // Act
          const chunks = await cutWithInference(object, ranges);
          // Assess
          await assertChunksTileBody(object, ranges, chunks, rows, columns);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('tiles the body for 3 chunks at random offsets, both with true and inferred states', async () => {
    const caseWithSplits = csvCase.chain((c) =>
      fc.tuple(
        fc.constant(c),
        fc.array(fc.integer({ min: 0, max: c.bytes.length }), { minLength: 2, maxLength: 2 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        caseWithSplits,
        piecesArb,
        windowArb,
        async ([c, offsets], pieces, window) => {
          // Prepare
          const { object, columns, rows } = prepare(c, pieces, window);
          const splits = offsets
            .map((offset) => Math.max(offset, object.dataStart))
            .sort((a, b) => a - b);
          const ranges = rangesOf(object.dataStart, c.bytes.length, splits);
          // Act
          const given = await cutWithTrueStates(object, ranges);
          const inferred = await cutWithInference(object, ranges);
          // Assess
          await assertChunksTileBody(object, ranges, given, rows, columns);
          await assertChunksTileBody(object, ranges, inferred, rows, columns);
        },
      ),
      { numRuns: 300 },
    );
  });
});
