import type { RecordFormat, Row, TypedColumn } from '@chunkline/contracts';
import { createCsvRowWriter, csvHeaderLine, jsonlLine } from './csvWriter.ts';

/** Separator written before every JSON array element; the first element of the output drops it. */
export const JSON_ELEMENT_SEPARATOR = ',\n';
/** What the merger writes before the first part of a JSON array output. */
export const JSON_ARRAY_OPEN = '[\n';
/** What the merger writes after the last part of a JSON array output. */
export const JSON_ARRAY_CLOSE = '\n]\n';

/** Options of `createTextEncoder`. */
export interface TextEncoderOptions {
  readonly format: Exclude<RecordFormat, 'parquet'>;
  readonly columns: readonly TypedColumn[];
  /** CSV delimiter of the output. */
  readonly delimiter: string;
  /** CSV: write the header line first (the part that opens the output). */
  readonly header: boolean;
}

/** Turns batches of transformed rows into the text of one part. */
export interface TextEncoder {
  /** Text before the first row (a CSV header), possibly empty. */
  readonly preamble: string;
  /** Serialize one row, separators included. */
  row(row: Row): string;
  /**
   * Leading characters of a non-empty part that the output must leave out when this part
   * opens it: the JSON separator before the first element. 0 for other formats.
   */
  readonly lead: number;
}

/**
 * The part encoder of a text output format. JSON array parts hold their elements each
 * preceded by `,\n`; the merger opens the array, drops the first part's leading separator
 * and closes it, so no processor needs to know whether the parts before it hold any rows.
 */
export function createTextEncoder(options: TextEncoderOptions): TextEncoder {
  const names = options.columns.map((c) => c.name);
  switch (options.format) {
    case 'csv':
      return {
        preamble: options.header && names.length > 0 ? csvHeaderLine(names, options.delimiter) : '',
        row: createCsvRowWriter(names, options.delimiter),
        lead: 0,
      };
    case 'jsonl':
      return { preamble: '', row: jsonlLine, lead: 0 };
    case 'json':
      return {
        preamble: '',
        row: (row) => `${JSON_ELEMENT_SEPARATOR}${JSON.stringify(row)}`,
        lead: JSON_ELEMENT_SEPARATOR.length,
      };
  }
}
