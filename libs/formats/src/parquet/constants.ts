/** The 4 bytes `PAR1` that open and close every Parquet file (shared: do not modify). */
export const PARQUET_MAGIC: Uint8Array = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/** `PAR1` read as a little-endian 32-bit integer. */
export const PARQUET_MAGIC_UINT32 = 0x31524150;

/**
 * Bytes `readParquetLayout` reads from the end of a file first: 64 KiB. A footer that is
 * larger costs exactly one more read, of the rest of the footer.
 */
export const PARQUET_FOOTER_TAIL_READ = 64 * 1024;

/** Default rows per row group that `ParquetPartEncoder` writes: 10,000. */
export const DEFAULT_PARQUET_ROW_GROUP_ROWS = 10_000;

/** The `created_by` that `parquetFooter` writes into the file metadata. */
export const PARQUET_CREATED_BY = 'chunkline (hyparquet-writer)';
