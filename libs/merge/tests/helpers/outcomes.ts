import { expect } from 'vitest';
import { MergeError } from '../../src/index.ts';

/** The `MergeError` a merge rejects with (and a failed expectation when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<MergeError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MergeError);
  return error as MergeError;
}

export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
