import type { FieldValue, Row } from '@chunkline/contracts';
import { delimiterByte } from './delimiter.ts';

/** Text of one value: empty for null/undefined, JSON for objects and arrays. */
function textOf(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A test for the characters that make csv-stringify quote a field: the delimiter, `"`, `\n`, `\r`. */
export function quoteTest(delimiter: string): RegExp {
  return new RegExp(`[${delimiter.replace(/[\\\]^-]/g, '\\$&')}"\n\r]`);
}

/**
 * `text` as a CSV field: quoted (inner quotes doubled) exactly when csv-stringify's
 * defaults would, i.e. when it holds the delimiter, a `"`, `\n` or `\r` (one regex pass).
 */
export function csvField(text: string, needsQuotes: RegExp): string {
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV header line for `columns`, ending in `\n`, quoted like the rows.
 *
 * @throws FormatError `InvalidOptions` for a delimiter that is not one ASCII character
 *   other than `"`, `\r` and `\n`.
 */
export function csvHeaderLine(columns: readonly string[], delimiter: string): string {
  delimiterByte(delimiter, 'csvHeaderLine');
  const needsQuotes = quoteTest(delimiter);
  return `${columns.map((name) => csvField(name, needsQuotes)).join(delimiter)}\n`;
}

/**
 * A serializer of rows to CSV lines with these columns, in order. Each line ends in `\n`;
 * a missing, `null` or `undefined` value is empty; booleans are `true`/`false`, numbers
 * `String(n)`, objects and arrays JSON. Fields are quoted as csv-stringify quotes them by
 * default. Only own properties of the row are read.
 *
 * @throws FormatError `InvalidOptions` for an unsupported delimiter.
 */
export function createCsvRowWriter(
  columns: readonly string[],
  delimiter: string,
): (row: Row) => string {
  delimiterByte(delimiter, 'createCsvRowWriter');
  const names = [...columns];
  const needsQuotes = quoteTest(delimiter);
  return (row) => {
    let line = '';
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i] ?? '';
      const value = Object.hasOwn(row, name) ? row[name] : undefined;
      line += (i === 0 ? '' : delimiter) + csvField(textOf(value), needsQuotes);
    }
    return `${line}\n`;
  };
}

/** One JSON Lines line for `row`: `JSON.stringify(row)` plus `\n`. */
export function jsonlLine(row: Row): string {
  return `${JSON.stringify(row)}\n`;
}
