import type { FieldValue, Row } from '@chunkline/contracts';
import { compileMapping, parseMapping } from '@chunkline/transforms';
import { stringify } from 'csv-stringify/sync';

/** The rows a mapping makes of input rows, applied in one pass: the reference for any output format. */
export function referenceRows(rows: readonly Row[], mapping: unknown, tokenizeKey?: string): Row[] {
  const compiled = compileMapping(parseMapping(mapping), tokenizeKey ? { tokenizeKey } : {});
  return rows.flatMap((row) => {
    const out = compiled.apply(structuredClone(row));
    return out ? [out] : [];
  });
}

/** CSV text of rows under these columns, values written as Chunkline documents it. */
export function csvText(rows: readonly Row[], columns: readonly string[]): string {
  const text = (value: FieldValue | undefined): string =>
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return (
    stringify([columns], { record_delimiter: 'unix' }) +
    stringify(
      rows.map((row) => columns.map((c) => text(row[c]))),
      { record_delimiter: 'unix' },
    )
  );
}

/** Rows of a JSON Lines text. */
export function parseJsonl(text: string): Row[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}
