import type { Row } from '@chunkline/contracts';

const QUOTE_CODE = 0x22;

/**
 * Whether `parseSimpleCsvRecord` may be used with these columns: distinct names, none of
 * them `__proto__` (whose assignment csv-parse and a plain object would treat differently).
 */
export function simpleCsvColumns(columns: readonly string[]): boolean {
  return new Set(columns).size === columns.length && !columns.includes('__proto__');
}

/**
 * The fast path of CSV decoding: one record the splitter has already delimited (its text,
 * with its `\n` or `\r\n` when `terminated`), parsed into a row exactly as csv-parse would
 * with the decoder's options — or `undefined` when the record is anything but plain, and
 * csv-parse must decide (and report) it. Plain means: exactly `columns.length` fields, each
 * either unquoted without `"` or `\r`, or quoted with inner quotes doubled and followed by
 * the delimiter or the record's end; and not a record of one empty field (which csv-parse's
 * `skip_empty_lines` may treat as blank). Returns the row with the columns in order.
 */
export function parseSimpleCsvRecord(
  text: string,
  columns: readonly string[],
  delimiter: string,
  terminated: boolean,
): Row | undefined {
  return parseSimpleCsvRecordAt(text, 0, text.length, columns, delimiter, terminated);
}

/**
 * `parseSimpleCsvRecord` of the record `text.slice(from, to)`, without making that
 * substring: the text of many records is decoded once and each parsed where it lies.
 * `delimiter` is one character other than `"`, `\r` and `\n`.
 */
export function parseSimpleCsvRecordAt(
  text: string,
  from: number,
  to: number,
  columns: readonly string[],
  delimiter: string,
  terminated: boolean,
): Row | undefined {
  const fields = parseSimpleCsvFieldsAt(text, from, to, columns.length, delimiter, terminated);
  return fields === undefined ? undefined : rowOfFields(columns, fields);
}

/** The row of a record's fields, one per column, in column order. */
export function rowOfFields(columns: readonly string[], fields: readonly string[]): Row {
  const row: Row = {};
  for (let i = 0; i < columns.length; i += 1) row[columns[i] as string] = fields[i] as string;
  return row;
}

/**
 * The fields of a plain record of `count` columns, in order, under the rules of
 * `parseSimpleCsvRecord`; `undefined` when it is not plain.
 */
export function parseSimpleCsvFieldsAt(
  text: string,
  from: number,
  to: number,
  count: number,
  delimiter: string,
  terminated: boolean,
): string[] | undefined {
  let end = to;
  if (terminated) {
    end -= 1;
    if (end > from && text.charCodeAt(end - 1) === 0x0d) end -= 1;
  }
  const fields: string[] = [];
  let i = from;
  for (;;) {
    if (fields.length >= count) return undefined;
    let value: string;
    if (i < end && text.charCodeAt(i) === QUOTE_CODE) {
      value = '';
      let after = i + 1;
      for (;;) {
        const quote = text.indexOf('"', after);
        if (quote < 0 || quote >= end) return undefined;
        if (quote + 1 < end && text.charCodeAt(quote + 1) === QUOTE_CODE) {
          value += text.slice(after, quote + 1);
          after = quote + 2;
          continue;
        }
        value += text.slice(after, quote);
        i = quote + 1;
        break;
      }
      if (i < end && text[i] !== delimiter) return undefined;
    } else {
      // The last field runs to the end: searching on for a delimiter could cross every
      // later record of the text. A delimiter inside it means one field too many.
      const last = fields.length === count - 1;
      let next = last ? end : text.indexOf(delimiter, i);
      if (next < 0 || next > end) next = end;
      value = text.slice(i, next);
      if (value.includes('"') || value.includes('\r')) return undefined;
      if (last && value.includes(delimiter)) return undefined;
      i = next;
    }
    fields.push(value);
    if (i >= end) break;
    i += 1;
  }
  if (fields.length !== count || (count === 1 && fields[0] === '')) return undefined;
  return fields;
}
