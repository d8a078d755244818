import type { Row } from '@chunkline/contracts';
import { ROW_SHAPE } from './csvRecordShape.ts';

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
 * csv-parse must decide (and report) it (see `CsvSpanParser` for what plain means).
 * Returns the row with the columns in order.
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
  return ROW_SHAPE.reader({ text, isByteText: false }, 1, columns, delimiter)(from, to, terminated);
}
