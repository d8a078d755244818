/** Text record formats Chunkline can split into record-aligned byte ranges. */
export const InputFormat = {
  csv: 'csv',
  jsonl: 'jsonl',
  /** A JSON array of objects, split on element boundaries. */
  json: 'json',
} as const;
export type InputFormat = (typeof InputFormat)[keyof typeof InputFormat];

/** How records are encoded, whatever container (gzip, ZIP) they arrive in. */
export const RecordFormat = { ...InputFormat, parquet: 'parquet' } as const;
export type RecordFormat = (typeof RecordFormat)[keyof typeof RecordFormat];

/** `OUTPUT_FORMAT`: keep the input's record format (`preserve`, the default) or convert. */
export const OutputFormat = { preserve: 'preserve', ...RecordFormat } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

/** `OUTPUT_COMPRESSION`: gzip output is built from one gzip member per part. */
export const OutputCompression = { none: 'none', gzip: 'gzip' } as const;
export type OutputCompression = (typeof OutputCompression)[keyof typeof OutputCompression];

/**
 * Column types Parquet output is written with (and Parquet input is read as). Every other
 * format's values map onto these; see the type-mapping table in the formats README.
 */
export const ColumnType = {
  string: 'string',
  int64: 'int64',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
  /** Nested values (objects, arrays), stored as JSON text. */
  json: 'json',
} as const;
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

/** A named, typed column. */
export interface TypedColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * Whether a byte offset lies inside a quoted CSV field. For RFC 4180 files this is the
 * parity of the quote characters before the offset.
 */
export const QuoteState = {
  outside: 'outside',
  inside: 'inside',
} as const;
export type QuoteState = (typeof QuoteState)[keyof typeof QuoteState];
