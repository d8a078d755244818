/** Machine-readable causes of storage and queue failures, as the adapters classify them. */
export const StoreErrorCode = {
  /** `If-Match` failed: the object changed since the job was planned. */
  preconditionFailed: 'PreconditionFailed',
  notFound: 'NotFound',
  accessDenied: 'AccessDenied',
  /** Throttling, 5xx, connection resets: worth retrying with backoff. */
  transient: 'Transient',
  /** Anything else the service rejected. */
  rejected: 'Rejected',
} as const;
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

/** A storage or queue call failed; `retryable` says whether trying again may help. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly retryable: boolean;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = code === StoreErrorCode.transient;
  }
}

/** True when `error` is a `StoreError` with this code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
