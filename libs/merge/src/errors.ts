import { isStoreError } from '@chunkline/contracts';

/** Machine-readable causes of merge failures. */
export const MergeErrorCode = {
  /** An option of `planMerge` or `executeMerge` is out of range. */
  invalidOptions: 'InvalidOptions',
  /** A piece given to `planMerge` is malformed (negative size, empty key…). */
  invalidPiece: 'InvalidPiece',
  /** A plan given to `executeMerge` is malformed (part numbers not 1..n, empty range…). */
  invalidPlan: 'InvalidPlan',
  /** The output would need more parts than one multipart upload may have. */
  tooManyParts: 'TooManyParts',
  /** A source object returned fewer bytes than the plan expects. */
  shortRead: 'ShortRead',
  /**
   * A storage call failed; the upload, if any, was aborted, unless it was recorded (see
   * `ExecuteMergeOptions.record`). See `cause`.
   */
  mergeFailed: 'MergeFailed',
  /** The upload record a merge found was not written by a merge. */
  invalidRecord: 'InvalidRecord',
  /** The caller's `AbortSignal` fired; the upload, if any, was aborted. */
  aborted: 'Aborted',
} as const;
export type MergeErrorCode = (typeof MergeErrorCode)[keyof typeof MergeErrorCode];

/** Details a `MergeError` may carry besides its message. */
export interface MergeErrorDetails {
  readonly cause?: unknown;
  /** The multipart upload involved, if one was open. */
  readonly uploadId?: string | undefined;
  /** The first part that failed. */
  readonly partNumber?: number | undefined;
  /** Why aborting the upload after the failure failed as well (the upload may be left open). */
  readonly abortError?: unknown;
}

/** A merge could not be planned or executed. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
  readonly code: MergeErrorCode;
  readonly uploadId: string | undefined;
  readonly partNumber: number | undefined;
  readonly abortError: unknown;
  /** True when the cause is a transient storage failure, so running the merge again may help. */
  readonly retryable: boolean;

  constructor(code: MergeErrorCode, message: string, details: MergeErrorDetails = {}) {
    super(message, 'cause' in details ? { cause: details.cause } : undefined);
    this.code = code;
    this.uploadId = details.uploadId;
    this.partNumber = details.partNumber;
    this.abortError = details.abortError;
    this.retryable = isStoreError(details.cause) && details.cause.retryable;
  }
}

/** True when `error` is a `MergeError`, with this code when one is given. */
export function isMergeError(error: unknown, code?: MergeErrorCode): error is MergeError {
  return error instanceof MergeError && (code === undefined || error.code === code);
}

/** `Name: message` of an error, or the value as text. */
export function describeError(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
