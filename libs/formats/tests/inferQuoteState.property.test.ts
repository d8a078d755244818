import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endQuoteScan, inferQuoteState, parseCsvHeader, startQuoteScan } from '../src/index.ts';
import { csvCase, piecesArb } from './helpers/arbitraries.ts';
import { split } from './helpers/bytes.ts';
import { trueStartState } from './helpers/chunks.ts';

describe('Property: inferQuoteState', () => {
  it('never decides wrongly, at any offset of a well-formed CSV, however the bytes are split', () => {
    // Prepare
    let decided = 0;
    let offsets = 0;
    fc.assert(
      fc.property(csvCase, piecesArb, (c, pieces) => {
        const header = parseCsvHeader(c.bytes, { delimiter: c.delimiter, isWholeObject: true });
        const dataStart = header?.dataStart ?? 0;
        for (let offset = dataStart; offset <= c.bytes.length; offset += 1) {
          // Act
          let scan = startQuoteScan({
            delimiter: c.delimiter,
            previousByte: offset > dataStart ? c.bytes[offset - 1] : undefined,
          });
          for (const piece of split(c.bytes.subarray(offset), pieces))
            scan = inferQuoteState(scan, piece);
          scan = endQuoteScan(scan);
          // Assess
          offsets += 1;
          if (scan.state === undefined) continue;
          decided += 1;
          expect(scan.state).toBe(trueStartState(c.bytes, dataStart, offset));
        }
      }),
      { numRuns: 300 },
    );
    expect(decided).toBeGreaterThan(offsets / 4);
  });
});
