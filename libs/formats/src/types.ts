import type { QuoteState, Row } from '@chunkline/contracts';

/** The header of a CSV object, as `parseCsvHeader` reads it. */
export interface CsvHeader {
  /** Column names, in order. Empty for an empty object. */
  readonly columns: string[];
  /** Byte offset of the first data record (just after the header's newline). */
  readonly dataStart: number;
  /** True when the object starts with a UTF-8 byte order mark (skipped). */
  readonly bom: boolean;
  /** The field delimiter: the one given, or the sniffed one (default `,`). */
  readonly delimiter: string;
}

/** How a cut chunk's start quote state was established. */
export type StartStateSource = 'given' | 'inferred' | 'assumed';

/** What `RecordCutter` learned about its chunk, available once `cut()` has finished. */
export interface CutResult {
  /** Quote state at `start` the records were cut with (`outside` for JSONL). */
  readonly startState: QuoteState;
  /**
   * `given` by the caller, `inferred` from the bytes (certain on RFC 4180 input; also when
   * an assumption was later confirmed), or `assumed` (`outside`, unverified: reconcile it).
   */
  readonly how: StartStateSource;
  /** Parity of `"` bytes in `[start, min(end, objectSize))`; always 0 for JSONL. */
  readonly quoteParity: 0 | 1;
  /** Absolute offset of the first owned byte; equals `ownedEnd` when nothing is owned. */
  readonly ownedStart: number;
  /** Absolute offset just past the last owned byte. */
  readonly ownedEnd: number;
}

/** What to do with a record that cannot be decoded. */
export type BadRecordPolicy = 'fail' | 'skip';

/** A record `decodeRecords` could not decode, kept when `onBadRecord` is `skip`. */
export interface RejectedRecord {
  /** 1-based line, within the decoded (owned) bytes, where the record starts. */
  readonly line: number;
  /** Absolute byte offset of the record's first byte in the object. */
  readonly offset: number;
  /** Why it was rejected, e.g. `Invalid Record Length: columns length is 3, got 2`. */
  readonly reason: string;
  /** The record's text without its line terminator, truncated to `REJECT_RAW_LIMIT` bytes. */
  readonly raw: string;
}

/** Where a record starts, for errors that name it. */
export interface RecordLocation {
  /** 1-based line within the decoded (owned) bytes. */
  readonly line: number;
  /** Absolute byte offset of the record's first byte in the object. */
  readonly offset: number;
}

/**
 * A batch of decoded records and of the records rejected among them. Records are row
 * objects, or for `decodeCsvRecords` `CsvRecord`s read by position.
 */
export interface RecordBatch<R = Row> {
  readonly rows: R[];
  /** Where each row starts, parallel to `rows`. */
  readonly locations: RecordLocation[];
  readonly rejects: RejectedRecord[];
}
