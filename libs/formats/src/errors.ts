/** Machine-readable causes of a `FormatError`. */
export const FormatErrorCode = {
  /** The object is compressed, a columnar file or a JSON array: Chunkline cannot split it yet. */
  unsupportedFormat: 'UnsupportedFormat',
  /** The CSV header record is empty, malformed, or has empty or duplicate column names. */
  invalidHeader: 'InvalidHeader',
  /** An option is out of range (offsets, delimiter, batch size, window…). */
  invalidOptions: 'InvalidOptions',
  /**
   * The cutter assumed the chunk starts outside quotes and a later quote proved it starts
   * inside: discard what it yielded and cut again with `startState: 'inside'`.
   */
  quoteStateMisspeculated: 'QuoteStateMisspeculated',
  /**
   * A JSON array chunk was cut from an inferred or assumed lexer state that its bytes
   * contradict: discard what it yielded and cut it again with the proven state (see
   * `resolveJsonChain`).
   */
  jsonStateMisspeculated: 'JsonStateMisspeculated',
  /** The first significant byte of a JSON array object is not `[`. */
  notAnArray: 'NotAnArray',
  /** A JSON array holds a misplaced `,`, `}` or `:`, or two elements without a comma. */
  invalidArray: 'InvalidArray',
  /** Something other than whitespace follows a JSON array's closing `]`. */
  trailingData: 'TrailingData',
  /** The object ends before its JSON array's closing `]`. */
  unclosedArray: 'UnclosedArray',
  /**
   * A record cannot be decoded (bad quoting, wrong column count, bad JSON, not an object),
   * or a value does not fit its Parquet column's type.
   */
  badRecord: 'BadRecord',
  /** The byte source ended before the chunk's last record did. */
  sourceEnded: 'SourceEnded',
  /** The bytes are damaged: a truncated gzip stream, a corrupt container. No retry helps. */
  corruptInput: 'CorruptInput',
  /** The object does not end with the Parquet magic `PAR1`: it is not a Parquet file. */
  notParquet: 'NotParquet',
  /**
   * A Parquet file whose footer cannot be read: its length exceeds the file, its metadata
   * does not decode, or it points at bytes outside the file (a truncated or corrupt file).
   */
  corruptParquet: 'CorruptParquet',
  /** An API was used out of order: `result` read before `cut()` finished, or `cut()` called twice. */
  misuse: 'Misuse',
  /** No ZIP end of central directory record: the object is not a ZIP archive, or its tail is missing. */
  notZip: 'NotZip',
  /** A ZIP record is malformed: bad signature, a length or offset out of bounds, bad deflate data. */
  corruptZip: 'CorruptZip',
  /** A ZIP entry is encrypted (general purpose flag bit 0): Chunkline cannot decrypt it. */
  encryptedZipEntry: 'EncryptedZipEntry',
  /** A ZIP entry uses a compression method other than 0 (stored) or 8 (deflate). */
  unsupportedZipMethod: 'UnsupportedZipMethod',
  /** The CRC-32 of a ZIP entry's data differs from the one its directory record declares. */
  zipCrcMismatch: 'ZipCrcMismatch',
  /** A ZIP entry's data decompressed to a size other than the one its directory record declares. */
  zipSizeMismatch: 'ZipSizeMismatch',
  /** Bytes a ZIP archive's records say exist are missing: a short range read or entry data. */
  truncatedZip: 'TruncatedZip',
} as const;
export type FormatErrorCode = (typeof FormatErrorCode)[keyof typeof FormatErrorCode];

/** Details a `FormatError` may carry besides its message. */
export interface FormatErrorDetails {
  readonly cause?: unknown;
  /** 1-based line, within the decoded bytes, of the record at fault (`BadRecord`). */
  readonly line?: number | undefined;
  /** Absolute byte offset in the object of the record or byte at fault. */
  readonly offset?: number | undefined;
}

/**
 * Input bytes cannot be detected, split or decoded as asked. Messages start with the
 * subsystem (`formats:`), name the offending values and say what to do.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  readonly code: FormatErrorCode;
  /** 1-based line of the bad record within the decoded bytes, when known. */
  readonly line: number | undefined;
  /** Absolute byte offset of the bad record (or byte) in the object, when known. */
  readonly offset: number | undefined;

  constructor(code: FormatErrorCode, message: string, details: FormatErrorDetails = {}) {
    super(message, 'cause' in details ? { cause: details.cause } : undefined);
    this.code = code;
    this.line = details.line;
    this.offset = details.offset;
  }
}

/** True when `error` is a `FormatError`, with this code when one is given. */
export function isFormatError(error: unknown, code?: FormatErrorCode): error is FormatError {
  return error instanceof FormatError && (code === undefined || error.code === code);
}
