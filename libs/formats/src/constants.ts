/** Byte value of `"`. */
export const QUOTE = 0x22;
/** Byte value of `\n`, the only byte that ends a record. */
export const LF = 0x0a;
/** Byte value of `\r`. */
export const CR = 0x0d;

/** Default number of bytes the cutter buffers while inferring a chunk's quote state: 1 MiB. */
export const DEFAULT_INFERENCE_WINDOW = 1024 * 1024;

/** Default number of rows (plus rejects) per `RecordBatch`. */
export const DEFAULT_BATCH_SIZE = 1000;

/** Longest `raw` kept for a rejected record, in bytes; longer records are truncated. */
export const REJECT_RAW_LIMIT = 64 * 1024;

/** Delimiters `parseCsvHeader` sniffs, in tie-breaking order. */
export const CSV_DELIMITER_CANDIDATES = [',', '\t', ';', '|'] as const;

/** Delimiter used when none is given and none can be sniffed. */
export const DEFAULT_CSV_DELIMITER = ',';

/** Record delimiters every CSV parse in this library uses (bare `\r` does not end records). */
export const CSV_RECORD_DELIMITERS = ['\r\n', '\n'];
