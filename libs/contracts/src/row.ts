/** A value inside a record: what CSV and JSON inputs can carry. */
export type FieldValue =
  string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

/** One record, keyed by field name. CSV records carry only strings. */
export type Row = Record<string, FieldValue>;
