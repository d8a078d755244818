import type { Row } from '@chunkline/contracts';
import { rowOfFields } from './parseSimpleCsvRecord.ts';

/**
 * How the CSV decoder hands out a record: as a row object keyed by column, or as its
 * values in column order. Values skip building an object per record, for a consumer that
 * reads every record by position (see `decodeCsvValues`).
 */
export interface CsvRecordShape<R> {
  /** A record the fast path parsed: its fields, one per column. */
  fromFields(columns: readonly string[], fields: string[]): R;
  /** A record csv-parse parsed: a row with every column as an own string property. */
  fromRow(columns: readonly string[], row: Row): R;
}

/** Records as row objects. */
export const ROW_SHAPE: CsvRecordShape<Row> = {
  fromFields: rowOfFields,
  fromRow: (_columns, row) => row,
};

/** Records as their values in column order. */
export const VALUES_SHAPE: CsvRecordShape<string[]> = {
  fromFields: (_columns, fields) => fields,
  fromRow: (columns, row) => columns.map((column) => row[column] as string),
};
