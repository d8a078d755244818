import fc from 'fast-check';
import { concat, utf8 } from './bytes.ts';

/** Byte sequences that are not UTF-8; each decodes to one or more U+FFFD. */
export const INVALID_UTF8: readonly Uint8Array[] = [
  [0x80], // a continuation byte alone
  [0xff], // never part of UTF-8
  [0xc3], // a 2-byte lead without its continuation
  [0xe2, 0x82], // a 3-byte sequence cut short
  [0xf0, 0x9f, 0x98], // a 4-byte sequence cut short
  [0xc0, 0xaf], // an overlong `/`
  [0xed, 0xa0, 0x80], // a surrogate
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
].map((bytes) => new Uint8Array(bytes));

/** 2-, 3- and 4-byte UTF-8 characters: accents, CJK, the BOM, emoji. */
const MULTIBYTE = ['é', 'ñ', '日本', '€', '\uFEFF', '😀', '🚚'];

/**
 * Bytes without delimiter, quote, CR or LF: mostly ASCII, so that some runs of records
 * are all ASCII, then multi-byte characters and now and then invalid UTF-8.
 */
const contentUnit: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'bc', ' ', '0').map(utf8) },
  { weight: 3, arbitrary: fc.constantFrom(...MULTIBYTE).map(utf8) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_UTF8) },
);

/** One field as written in the file, and the value csv-parse reads from it. */
interface Field {
  readonly bytes: Uint8Array;
  readonly value: string;
}

const decode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const QUOTE_BYTES = utf8('"');

/** An unquoted field; never empty when it is a record's only field (that reads as blank). */
function unquotedField(alone: boolean): fc.Arbitrary<Field> {
  return fc
    .array(contentUnit, { minLength: alone ? 1 : 0, maxLength: 4 })
    .map((units) => concat(units))
    .map((bytes) => ({ bytes, value: decode(bytes) }));
}

/** A quoted field holding anything: the delimiter, quotes (doubled), CR, LF, CRLF. */
function quotedField(delimiter: string, alone: boolean): fc.Arbitrary<Field> {
  const special = fc.constantFrom(delimiter, '"', '\n', '\r\n', '\r').map(utf8);
  return fc
    .array(fc.oneof(contentUnit, special), { minLength: alone ? 1 : 0, maxLength: 5 })
    .map((units) => {
      const content = concat(units);
      const escaped = units.map((unit) => (unit[0] === 0x22 ? concat([unit, unit]) : unit));
      return { bytes: concat([QUOTE_BYTES, ...escaped, QUOTE_BYTES]), value: decode(content) };
    });
}

/** A record that is not plain, with an even number of quotes so that it ends at its LF. */
interface OddRecord {
  readonly bytes: Uint8Array;
  /** Its values when csv-parse reads it (a bare CR is data), undefined when it rejects it. */
  readonly values: readonly string[] | undefined;
}

function oddRecord(delimiter: string, columnCount: number): fc.Arbitrary<OddRecord> {
  const rest = Array.from({ length: columnCount - 1 }, (_, i) => `r${i}`);
  const record = (first: string, values: readonly string[] | undefined): OddRecord => ({
    bytes: utf8([first, ...rest].join(delimiter)),
    values,
  });
  return fc.constantFrom(
    record('a\r日', ['a\r日', ...rest]),
    record('é""b', undefined),
    record('"é"b', undefined),
    record(['x', 'y'].join(delimiter), undefined),
  );
}

/** A record that is neither blank nor plain: where it starts, on which line, its values. */
export interface ExpectedRecord {
  readonly offset: number;
  readonly line: number;
  /** Undefined when csv-parse rejects the record. */
  readonly values: readonly string[] | undefined;
}

/** CSV records without a header, and what decoding them must give. */
export interface CsvRecordsCase {
  readonly bytes: Uint8Array;
  readonly delimiter: string;
  readonly columns: readonly string[];
  /** Every record that is not blank, in order. */
  readonly records: readonly ExpectedRecord[];
}

type Item =
  | { readonly kind: 'plain'; readonly fields: readonly Field[] }
  | { readonly kind: 'blank' }
  | { readonly kind: 'odd'; readonly record: OddRecord };

/** Lay the items out, each ended by its line ending except perhaps the last. */
function build(
  delimiter: string,
  columnCount: number,
  items: readonly Item[],
  endings: readonly string[],
  lastEnded: boolean,
): CsvRecordsCase {
  const parts: Uint8Array[] = [];
  const records: ExpectedRecord[] = [];
  let offset = 0;
  let line = 1;
  const delimiterBytes = utf8(delimiter);
  items.forEach((item, index) => {
    let bytes: Uint8Array = new Uint8Array(0);
    if (item.kind === 'plain') {
      const joined = item.fields.flatMap((field, i) =>
        i === 0 ? [field.bytes] : [delimiterBytes, field.bytes],
      );
      bytes = concat(joined);
      records.push({ offset, line, values: item.fields.map((field) => field.value) });
    } else if (item.kind === 'odd') {
      bytes = item.record.bytes;
      records.push({ offset, line, values: item.record.values });
    }
    const ended = index < items.length - 1 || lastEnded || item.kind === 'blank';
    const record = ended ? concat([bytes, utf8(endings[index] ?? '\n')]) : bytes;
    parts.push(record);
    offset += record.length;
    line += record.filter((byte) => byte === 0x0a).length;
  });
  const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
  return { bytes: concat(parts), delimiter, columns, records };
}

/**
 * Headerless CSV records built byte by byte, with the offset, line and values of each:
 * plain records whose fields, quoted or not, hold 2-, 3- and 4-byte UTF-8 and invalid
 * UTF-8 (quoted ones also the delimiter, `""`, CR, LF and CRLF), blank lines, LF or CRLF
 * endings, perhaps no newline at the end, and mostly one record that is not plain,
 * anywhere among them (csv-parse takes over from it).
 */
export const csvRecordsCase: fc.Arbitrary<CsvRecordsCase> = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    columnCount: fc.integer({ min: 1, max: 3 }),
    lastEnded: fc.boolean(),
  })
  .chain(({ delimiter, columnCount, lastEnded }) => {
    const alone = columnCount === 1;
    const field = fc.oneof(unquotedField(alone), quotedField(delimiter, alone));
    const plain = fc
      .array(field, { minLength: columnCount, maxLength: columnCount })
      .map((fields): Item => ({ kind: 'plain', fields }));
    const item = fc.oneof(
      { weight: 6, arbitrary: plain },
      { weight: 1, arbitrary: fc.constant<Item>({ kind: 'blank' }) },
    );
    const oddItem = oddRecord(delimiter, columnCount).map((record): Item => ({
      kind: 'odd',
      record,
    }));
    return fc
      .record({
        items: fc.array(item, { minLength: 1, maxLength: 8 }),
        odd: fc.option(oddItem, { nil: undefined }),
        at: fc.nat(),
        endings: fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 10, maxLength: 10 }),
      })
      .map(({ items, odd, at, endings }) => {
        const all = [...items];
        if (odd !== undefined) all.splice(at % (items.length + 1), 0, odd);
        return build(delimiter, columnCount, all, endings, lastEnded);
      });
  });
