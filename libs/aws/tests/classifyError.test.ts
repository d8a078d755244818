import { StoreError, StoreErrorCode } from '@chunkline/contracts';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../src/index.ts';

/** An error shaped like the ones the AWS SDK throws. */
function sdkError(name: string, status?: number, retryable?: boolean): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    ...(status !== undefined ? { $metadata: { httpStatusCode: status, requestId: 'req-1' } } : {}),
    ...(retryable ? { $retryable: { throttling: true } } : {}),
  });
}

describe('Function: classifyError', () => {
  it.each([
    { error: sdkError('SlowDown', 503), code: StoreErrorCode.transient, retryable: true },
    {
      error: sdkError('ThrottlingException', 400, true),
      code: StoreErrorCode.transient,
      retryable: true,
    },
    { error: sdkError('InternalError', 500), code: StoreErrorCode.transient, retryable: true },
    { error: sdkError('TooManyRequests', 429), code: StoreErrorCode.transient, retryable: true },
    { error: sdkError('ECONNRESET'), code: StoreErrorCode.transient, retryable: true },
    { error: sdkError('TimeoutError'), code: StoreErrorCode.transient, retryable: true },
    {
      error: sdkError('PreconditionFailed', 412),
      code: StoreErrorCode.preconditionFailed,
      retryable: false,
    },
    { error: sdkError('Unknown', 412), code: StoreErrorCode.preconditionFailed, retryable: false },
    { error: sdkError('NoSuchKey', 404), code: StoreErrorCode.notFound, retryable: false },
    { error: sdkError('AccessDenied', 403), code: StoreErrorCode.accessDenied, retryable: false },
    { error: sdkError('InvalidArgument', 400), code: StoreErrorCode.rejected, retryable: false },
  ])('classifies $error.name as $code', ({ error, code, retryable }) => {
    // Act
    const wrapped = classifyError(error, 'GetObject', 's3://b/k');
    // Assess
    expect(wrapped).toBeInstanceOf(StoreError);
    expect(wrapped.code).toBe(code);
    expect(wrapped.retryable).toBe(retryable);
    expect(wrapped.message).toContain('GetObject s3://b/k failed:');
    expect(wrapped.message).toContain(error.name);
  });

  it('keeps a small cause, not the whole HTTP response', () => {
    const wrapped = classifyError(
      Object.assign(sdkError('SlowDown', 503), { $response: { body: 'huge' } }),
      'PutObject',
      's3://b/k',
    );
    expect(wrapped.cause).toEqual({
      name: 'SlowDown',
      message: 'SlowDown happened',
      status: 503,
      requestId: 'req-1',
    });
  });

  it('passes a StoreError through unchanged', () => {
    const original = new StoreError(StoreErrorCode.notFound, 'gone');
    expect(classifyError(original, 'HeadObject', 's3://b/k')).toBe(original);
  });
});
