import type { Row } from '@chunkline/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchCollector } from '../src/batchCollector.ts';
import { ROW_SHAPE } from '../src/csvRecordShape.ts';
import { CsvDecoder } from '../src/csvDecoder.ts';
import { isFormatError } from '../src/errors.ts';
import type { BadRecordPolicy, RecordLocation, RejectedRecord } from '../src/types.ts';
import { piecesArb } from './helpers/arbitraries.ts';
import { split } from './helpers/bytes.ts';
import { csvRecordsCase } from './helpers/csvRecords.ts';
import type { CsvRecordsCase } from './helpers/csvRecords.ts';

const OWNED_START = 1000;

/** What decoding gave: rows, their locations, rejects, and the error it stopped with. */
interface Decoded {
  readonly rows: Row[];
  readonly locations: RecordLocation[];
  readonly rejects: RejectedRecord[];
  readonly error: { line: number | undefined; offset: number | undefined } | undefined;
}

/** Feed `pieces` to a `CsvDecoder` as `decodeRecords` does, taking batches as they fill. */
async function decode(
  c: CsvRecordsCase,
  pieces: readonly Uint8Array[],
  options: { policy: BadRecordPolicy; batchSize: number; fastPath: boolean },
): Promise<Decoded> {
  const batch = new BatchCollector(options.batchSize);
  const decoder = new CsvDecoder(batch, {
    columns: c.columns,
    shape: ROW_SHAPE,
    delimiter: c.delimiter,
    policy: options.policy,
    ownedStart: () => OWNED_START,
    fastPath: options.fastPath,
  });
  const rows: Row[] = [];
  const locations: RecordLocation[] = [];
  const rejects: RejectedRecord[] = [];
  const take = (): void => {
    const taken = batch.take();
    rows.push(...taken.rows);
    locations.push(...taken.locations);
    rejects.push(...taken.rejects);
  };
  let error: Decoded['error'];
  try {
    for (const piece of pieces) {
      for (let i = 0; i < piece.length;) {
        i = decoder.feed(piece, i);
        while (batch.full) take();
      }
    }
    await decoder.finish();
  } catch (thrown) {
    if (!isFormatError(thrown, 'BadRecord')) throw thrown;
    error = { line: thrown.line, offset: thrown.offset };
  }
  while (batch.count > 0) take();
  return { rows, locations, rejects, error };
}

/** What decoding gave, with each reject only where it is (its reason is csv-parse's). */
type Outcome = Omit<Decoded, 'rejects'> & { readonly rejects: RecordLocation[] };

function outcome(decoded: Decoded): Outcome {
  return { ...decoded, rejects: decoded.rejects.map(({ line, offset }) => ({ line, offset })) };
}

/** What the case's records must decode to under `policy`. */
function expected(c: CsvRecordsCase, policy: BadRecordPolicy): Outcome {
  const firstBad = c.records.findIndex((record) => record.values === undefined);
  const bad = policy === 'fail' ? c.records[firstBad] : undefined;
  const records = bad === undefined ? c.records : c.records.slice(0, firstBad);
  const good = records.flatMap(({ line, offset, values }) =>
    values === undefined ? [] : [{ line, offset, values }],
  );
  return {
    rows: good.map(({ values }) =>
      Object.fromEntries(c.columns.map((column, i) => [column, values[i] ?? ''])),
    ),
    locations: good.map(({ line, offset }) => ({ line, offset: OWNED_START + offset })),
    rejects: records
      .filter((record) => record.values === undefined)
      .map(({ line, offset }) => ({ line, offset: OWNED_START + offset })),
    error: bad === undefined ? undefined : { line: bad.line, offset: OWNED_START + bad.offset },
  };
}

/** Bytes split in two at `at`, both views of the same buffer, as one read fed twice. */
const twoPieces = (bytes: Uint8Array, at: number): Uint8Array[] => [
  bytes.subarray(0, at),
  bytes.subarray(at),
];

describe('Class: CsvDecoder (one decoded text per run of records)', () => {
  it('property: gives every row, reject and error at its line and offset, split at every offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvRecordsCase,
        fc.constantFrom<BadRecordPolicy>('skip', 'fail'),
        fc.constantFrom(1, 2, 1000),
        async (c, policy, batchSize) => {
          for (let at = 0; at <= c.bytes.length; at += 1) {
            // Prepare
            const pieces = twoPieces(c.bytes, at);
            // Act
            const decoded = await decode(c, pieces, { policy, batchSize, fastPath: true });
            // Assess
            expect(outcome(decoded)).toEqual(expected(c, policy));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('property: gives what csv-parse alone gives, rejects and reasons included, in random pieces', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvRecordsCase,
        piecesArb,
        fc.constantFrom(1, 3, 1000),
        async (c, pieces, batchSize) => {
          // Prepare
          const buffers = split(c.bytes, pieces);
          // Act
          const fast = await decode(c, buffers, { policy: 'skip', batchSize, fastPath: true });
          const slow = await decode(c, buffers, { policy: 'skip', batchSize, fastPath: false });
          // Assess
          expect(fast).toEqual(slow);
          expect(outcome(fast)).toEqual(expected(c, 'skip'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
