/**
 * The type of a top-level Parquet column as Chunkline sees it, which fixes the JSON value
 * a row carries for it (see `readParquetRows`) and how `ParquetPartEncoder` writes it:
 *
 * | type | Parquet read as | row value | written as |
 * | --- | --- | --- | --- |
 * | `string` | BYTE_ARRAY UTF8/STRING/ENUM, UUID; other BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY as base64 | string | BYTE_ARRAY STRING |
 * | `int64` | INT32, INT64 (signed or not), TIME | number, or a decimal string beyond ±2^53 | INT64 |
 * | `double` | FLOAT, DOUBLE, FLOAT16, DECIMAL | number; `"NaN"`, `"Infinity"`, `"-Infinity"` | DOUBLE |
 * | `boolean` | BOOLEAN | boolean | BOOLEAN |
 * | `timestamp` | TIMESTAMP (any unit), INT96, DATE | ISO 8601 string (`…Z`; DATE as `YYYY-MM-DD`) | INT64 TIMESTAMP(MICROS, UTC) |
 * | `json` | LIST, MAP, structs, repeated fields, JSON, geometry | plain objects and arrays | BYTE_ARRAY JSON |
 */
export type ParquetColumnType = 'string' | 'int64' | 'double' | 'boolean' | 'timestamp' | 'json';

/** One top-level column of a Parquet file. */
export interface ParquetColumn {
  readonly name: string;
  readonly type: ParquetColumnType;
}

/** Where one row group lies: its row count and the byte range of its column chunks. */
export interface ParquetRowGroupRange {
  readonly rows: number;
  /** Offset of the first byte of the row group's first column chunk. */
  readonly start: number;
  /** Offset just past the last byte of its last column chunk (exclusive). */
  readonly end: number;
}

/** What the footer of a Parquet file says: enough to plan chunks without reading data. */
export interface ParquetLayout {
  /** Total rows in the file. */
  readonly rows: number;
  readonly columns: readonly ParquetColumn[];
  /** In file order; consecutive row groups make one chunk. */
  readonly rowGroups: readonly ParquetRowGroupRange[];
}

/** The row groups a read covers: `count` consecutive ones from index `first`. */
export interface ParquetRowGroupSelection {
  readonly first: number;
  readonly count: number;
}

/** Options of `ParquetPartEncoder`. */
export interface ParquetPartEncoderOptions {
  /** Rows per row group (default `DEFAULT_PARQUET_ROW_GROUP_ROWS`, 10,000). */
  readonly rowGroupRows?: number;
}

/**
 * One column chunk of an encoded part. Offsets and sizes are decimal strings (they are
 * 64-bit in Parquet) and offsets count from the first byte of the part.
 */
export interface ParquetPartColumnChunk {
  /** The column's name (its path in the schema, which is one level deep). */
  readonly name: string;
  /** Parquet physical type: `BYTE_ARRAY`, `INT64`, `DOUBLE` or `BOOLEAN`. */
  readonly physicalType: string;
  /** Parquet encodings used in the chunk (`PLAIN`, `RLE`, `RLE_DICTIONARY`…). */
  readonly encodings: readonly string[];
  /** Compression codec (`SNAPPY`). */
  readonly codec: string;
  readonly numValues: string;
  readonly totalUncompressedSize: string;
  readonly totalCompressedSize: string;
  readonly dataPageOffset: string;
  /** Absent when the chunk has no dictionary page. */
  readonly dictionaryPageOffset?: string;
}

/** One row group of an encoded part. */
export interface ParquetPartRowGroup {
  readonly rows: number;
  /** Uncompressed size of the row group's column data, a decimal string. */
  readonly totalByteSize: string;
  /** One per column, in column order. */
  readonly columns: readonly ParquetPartColumnChunk[];
}

/**
 * The row groups of a part written by `ParquetPartEncoder`: plain JSON (no bigints, no
 * statistics, no page indexes or bloom filters), so it can be stored beside the part and
 * handed to `parquetFooter` by whoever assembles the file.
 */
export interface ParquetPartDescription {
  /** Rows in the part. */
  readonly rows: number;
  /** Bytes in the part. */
  readonly bytes: number;
  readonly rowGroups: readonly ParquetPartRowGroup[];
}
