import { StoreError, StoreErrorCode } from '@chunkline/contracts';

interface SdkLikeError {
  name?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const TRANSIENT_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'AbortError',
]);

/** The HTTP status of an SDK error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  return (error as SdkLikeError | undefined)?.$metadata?.httpStatusCode;
}

/**
 * Wrap an SDK error where the SDK was called: name the operation and the object or
 * queue, and classify it as transient (throttling, 5xx, connection resets) or permanent.
 */
export function classifyError(error: unknown, operation: string, target: string): StoreError {
  if (error instanceof StoreError) return error;
  const sdk = (error ?? {}) as SdkLikeError;
  const name = sdk.name ?? sdk.Code ?? sdk.code ?? 'Error';
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const message = `${operation} ${target} failed: ${name}${status ? ` (HTTP ${status})` : ''}: ${detail}`;
  let code: StoreErrorCode = StoreErrorCode.rejected;
  if (status === 412 || name === 'PreconditionFailed') code = StoreErrorCode.preconditionFailed;
  else if (status === 404 || name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchUpload')
    code = StoreErrorCode.notFound;
  else if (status === 403 || name === 'AccessDenied') code = StoreErrorCode.accessDenied;
  else if (
    (status !== undefined && status >= 500) ||
    status === 429 ||
    TRANSIENT_NAMES.has(name) ||
    sdk.$retryable
  ) {
    code = StoreErrorCode.transient;
  }
  // Keep the cause small: the SDK's error carries the whole HTTP response.
  const cause = {
    name,
    message: detail,
    status,
    requestId: (error as { $metadata?: { requestId?: string } })?.$metadata?.requestId,
  };
  return new StoreError(code, message, { cause });
}
