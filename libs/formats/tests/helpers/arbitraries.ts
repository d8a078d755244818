import fc from 'fast-check';
import type { Pieces } from './bytes.ts';
import { utf8 } from './bytes.ts';

/** A generated CSV object and what it was built from. */
export interface CsvCase {
  readonly bytes: Uint8Array;
  readonly delimiter: string;
  readonly columnCount: number;
}

const MULTIBYTE = ['é', '日本', '😀'];

/** Text of an unquoted field: no delimiter, quote, CR or LF. */
const plainField = fc.string({
  unit: fc.constantFrom('a', 'b', 'z', '0', ' ', '-', ...MULTIBYTE),
  minLength: 1,
  maxLength: 4,
});

/** Content of a quoted field, before escaping: anything, including the delimiter. */
function quotedContent(delimiter: string): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.constantFrom('a', 'x', ' ', delimiter, '"', '\n', '\r\n', '\r', ...MULTIBYTE),
    maxLength: 6,
  });
}

/** One CSV field as it appears in the file. */
function field(delimiter: string): fc.Arbitrary<string> {
  return fc.oneof(
    plainField,
    fc.constant(''),
    quotedContent(delimiter).map((content) => `"${content.replaceAll('"', '""')}"`),
  );
}

/**
 * Small RFC 4180 CSV objects: a header (names sometimes quoted, holding the delimiter or a
 * newline), 0–6 rows of fields that are plain, empty or quoted (with delimiters, `""`,
 * `\n`, `\r\n`, multi-byte characters), LF or CRLF line endings, an optional BOM and an
 * optional trailing newline.
 */
export const csvCase: fc.Arbitrary<CsvCase> = fc
  .record({
    delimiter: fc.constantFrom(',', '\t', ';'),
    columnCount: fc.integer({ min: 1, max: 4 }),
    lineEnding: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
    quotedHeader: fc.boolean(),
  })
  .chain(({ delimiter, columnCount, lineEnding, bom, trailingNewline, quotedHeader }) =>
    fc
      .array(fc.array(field(delimiter), { minLength: columnCount, maxLength: columnCount }), {
        maxLength: 6,
      })
      .map((rows) => {
        const names = Array.from({ length: columnCount }, (_, i) =>
          quotedHeader && i === 0 ? `"c${i}${delimiter}x\ny"` : `c${i}`,
        );
        const lines = [names, ...rows].map((fields) => fields.join(delimiter));
        const body = lines.join(lineEnding) + (trailingNewline ? lineEnding : '');
        return { bytes: utf8((bom ? '\uFEFF' : '') + body), delimiter, columnCount };
      }),
  );

/** JSON values with multi-byte text, for JSONL rows. */
const jsonValue = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\n', ...MULTIBYTE), maxLength: 5 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

/** Small JSONL objects: rows of objects, blank lines, LF or CRLF, optional trailing newline. */
export const jsonlCase: fc.Arbitrary<Uint8Array> = fc
  .record({
    lines: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .dictionary(fc.constantFrom('k', 'é', '日'), jsonValue, { maxKeys: 3 })
            .map((row) => JSON.stringify(row)),
        },
        { weight: 1, arbitrary: fc.constantFrom('', '  ') },
      ),
      { maxLength: 6 },
    ),
    lineEnding: fc.constantFrom('\n', '\r\n'),
    trailingNewline: fc.boolean(),
  })
  .map(({ lines, lineEnding, trailingNewline }) =>
    utf8(lines.join(lineEnding) + (trailingNewline && lines.length > 0 ? lineEnding : '')),
  );

/** How test sources split their bytes: whole, or random 1–7 byte buffers. */
export const piecesArb: fc.Arbitrary<Pieces> = fc.oneof(
  fc.constant<Pieces>({ kind: 'whole' }),
  fc.integer().map((seed): Pieces => ({ kind: 'random', seed })),
);
