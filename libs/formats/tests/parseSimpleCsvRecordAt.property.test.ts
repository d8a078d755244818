import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSimpleCsvRecord, parseSimpleCsvRecordAt } from '../src/parseSimpleCsvRecord.ts';
import { csvRecordsCase } from './helpers/csvRecords.ts';

/** Text around a record: fields, delimiters, quotes, CR and LF, so a search could run on. */
const surroundings = (delimiter: string): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom('a', 'é', '😀', delimiter, '"', '\r', '\n'), maxLength: 12 });

describe('Function: parseSimpleCsvRecordAt', () => {
  it('property: parses a record amid other text as it parses the record alone', () => {
    fc.assert(
      fc.property(
        csvRecordsCase.chain((c) =>
          fc.record({
            c: fc.constant(c),
            before: surroundings(c.delimiter),
            after: surroundings(c.delimiter),
            columnCount: fc.integer({ min: 1, max: 4 }),
          }),
        ),
        ({ c, before, after, columnCount }) => {
          // Prepare
          const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
          const lines = Buffer.from(c.bytes)
            .toString('utf8')
            .split(/(?<=\n)/);
          for (const record of lines) {
            const terminated = record.endsWith('\n');
            const text = before + record + after;
            // Act
            const row = parseSimpleCsvRecordAt(
              text,
              before.length,
              before.length + record.length,
              columns,
              c.delimiter,
              terminated,
            );
            // Assess
            expect(row).toEqual(parseSimpleCsvRecord(record, columns, c.delimiter, terminated));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['x\na,b\nc,d', 2, 6, true, ['c0', 'c1'], { c0: 'a', c1: 'b' }],
    ['x\na,b\r\nc,d', 2, 7, true, ['c0', 'c1'], { c0: 'a', c1: 'b' }],
    ['x\n"a,\n""",b\nc', 2, 12, true, ['c0', 'c1'], { c0: 'a,\n"', c1: 'b' }],
    ['x\na\nb,c', 2, 4, true, ['c0'], { c0: 'a' }],
    ['x\na,b\nc', 2, 5, false, ['c0', 'c1'], { c0: 'a', c1: 'b' }],
    ['x\na,b\nc', 2, 6, true, ['c0'], undefined],
    ['x\na\nb,c', 2, 4, true, ['c0', 'c1'], undefined],
    ['x\n"a\nb"', 2, 4, true, ['c0'], undefined],
  ])(
    'parses %j from %i to %i (terminated %s) with columns %j as %j',
    (text, from, to, terminated, columns, expected) => {
      expect(parseSimpleCsvRecordAt(text, from, to, columns, ',', terminated)).toEqual(expected);
    },
  );
});
