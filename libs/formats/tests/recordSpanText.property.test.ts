import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordSpanText } from '../src/recordSpanText.ts';
import { concat, utf8 } from './helpers/bytes.ts';
import { INVALID_UTF8, csvRecordsCase } from './helpers/csvRecords.ts';

const decode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const byteText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** Offsets where a line starts (0 and right after each LF), each with its line, and the end. */
function lineStarts(bytes: Uint8Array): { offset: number; line: number }[] {
  const starts = [{ offset: 0, line: 1 }];
  bytes.forEach((byte, i) => {
    if (byte === 0x0a) starts.push({ offset: i + 1, line: starts.length + 1 });
  });
  const last = starts.at(-1);
  if (last !== undefined && last.offset < bytes.length) {
    starts.push({ offset: bytes.length, line: last.line });
  }
  return starts;
}

/** Bytes of lines that mix ASCII with invalid UTF-8 only, so some decode one char per byte. */
const invalidLines = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', ',', '"', '\n', '\r\n').map(utf8),
      fc.constantFrom(...INVALID_UTF8),
    ),
    { maxLength: 20 },
  )
  .map((units) => concat(units));

describe('Class: RecordSpanText', () => {
  it('property: a line start lies in the text after what its bytes before it decode to, or at its byte offset in byte text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          csvRecordsCase.map((c) => c.bytes),
          invalidLines,
        ),
        fc.nat({ max: 1000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.boolean(),
        (bytes, start, firstLine, asByteText) => {
          // Prepare
          fc.pre(bytes.length > 0);
          const starts = lineStarts(bytes);
          const isByteText = asByteText && isUtf8(bytes);
          const text = isByteText ? byteText : decode;
          // Act
          const span = new RecordSpanText(bytes, start, firstLine, asByteText);
          const offsets = starts.map(({ offset, line }) =>
            span.charOffset(start + offset, firstLine + line - 1),
          );
          // Assess
          expect(span.isByteText).toBe(isByteText);
          expect(span.text).toBe(text(bytes));
          expect(offsets).toEqual(
            starts.map(({ offset }) =>
              isByteText ? offset : decode(bytes.subarray(0, offset)).length,
            ),
          );
          starts.forEach(({ offset }, i) => {
            const next = starts[i + 1];
            if (next === undefined) return;
            const between = span.text.slice(offsets[i], offsets[i + 1]);
            expect(between).toBe(text(bytes.subarray(offset, next.offset)));
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['ASCII', [0x61, 0x0a, 0x62, 0x0a, 0x63], [0, 2, 4, 5]],
    ['lone invalid bytes, one U+FFFD each', [0x80, 0x0a, 0xff, 0xc3, 0x0a, 0x63], [0, 2, 5, 6]],
    ['a 2-byte character', [0xc3, 0xa9, 0x0a, 0x62, 0x0a], [0, 2, 4]],
    ['a 3-byte character', [0xe2, 0x82, 0xac, 0x0a, 0x62], [0, 2, 3]],
    ['a 4-byte character (two chars)', [0xf0, 0x9f, 0x98, 0x80, 0x0a, 0x62], [0, 3, 4]],
    ['a cut sequence before LF', [0x61, 0xe2, 0x82, 0x0a, 0x62, 0x0a], [0, 3, 5]],
    ['a cut sequence at the end', [0x61, 0x0a, 0xf0, 0x9f, 0x98], [0, 2, 3]],
  ])('places the line starts of %s', (_, bytes, expected) => {
    // Prepare
    const view = new Uint8Array(bytes);
    // Act
    const span = new RecordSpanText(view, 10, 3, false);
    const offsets = lineStarts(view).map(({ offset, line }) =>
      span.charOffset(10 + offset, 2 + line),
    );
    // Assess
    expect(offsets).toEqual(expected);
  });
});
