import type { Row } from '@chunkline/contracts';
import { CsvTextRecord, CsvValuesRecord, quotingFor } from './csvRecord.ts';
import type { CsvRecord } from './csvRecord.ts';
import { CsvSpanParser } from './csvSpanParser.ts';

/** The decoded text of a run of records: byte text (see `byteText.ts`) or decoded UTF-8. */
export interface RecordsText {
  readonly text: string;
  readonly isByteText: boolean;
}

/** Reads the plain record `[from, to)` of a span's text; undefined when it is not plain. */
export type PlainRecordReader<R> = (from: number, to: number, terminated: boolean) => R | undefined;

/**
 * How the CSV decoder hands out a record: as a row object keyed by column, or as a
 * `CsvRecord` read by position. Records by position skip an object and a string per
 * field, for a consumer that reads them by column index (see `decodeCsvRecords`).
 */
export interface CsvRecordShape<R> {
  /** Whether the reader takes byte text when the records are valid UTF-8 (else decoded text). */
  readonly byteText: boolean;
  /** A reader of the plain records, in order, of one decoded text of at most `records` records. */
  reader(
    span: RecordsText,
    records: number,
    columns: readonly string[],
    delimiter: string,
  ): PlainRecordReader<R>;
  /** A record csv-parse parsed: a row with every column as an own string property. */
  fromRow(columns: readonly string[], row: Row, delimiter: string): R;
}

/** Records as row objects. */
export const ROW_SHAPE: CsvRecordShape<Row> = {
  byteText: false,
  reader({ text }, _records, columns, delimiter) {
    const parser = new CsvSpanParser(text, columns.length, delimiter);
    const bounds = new Int32Array(2 * columns.length);
    return (from, to, terminated) => {
      if (!parser.parse(from, to, terminated, bounds, 0)) return undefined;
      const row: Row = {};
      for (let i = 0; i < columns.length; i += 1) {
        row[columns[i] as string] = parser.value(
          bounds[2 * i] as number,
          bounds[2 * i + 1] as number,
        );
      }
      return row;
    };
  },
  fromRow: (_columns, row) => row,
};

/** Records read by position, where they lie in the byte text of valid UTF-8 (else decoded text). */
export const RECORD_SHAPE: CsvRecordShape<CsvRecord> = {
  byteText: true,
  reader({ text, isByteText }, records, columns, delimiter) {
    const parser = new CsvSpanParser(text, columns.length, delimiter);
    const quoting = quotingFor(delimiter);
    const stride = 2 * columns.length;
    const bounds = new Int32Array(records * stride);
    let at = 0;
    return (from, to, terminated) => {
      if (at + stride > bounds.length || !parser.parse(from, to, terminated, bounds, at)) {
        return undefined;
      }
      const record = new CsvTextRecord(parser, isByteText, quoting, bounds, at);
      at += stride;
      return record;
    };
  },
  fromRow: (columns, row, delimiter) =>
    new CsvValuesRecord(
      columns.map((column) => row[column] as string),
      quotingFor(delimiter),
    ),
};
