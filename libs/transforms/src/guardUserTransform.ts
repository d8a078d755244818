import type { Row } from '@chunkline/contracts';
import { MappingError, MappingErrorCode } from './errors.ts';
import type { UserTransform } from './types.ts';

/**
 * Wrap a user transform so that its failures are `MappingError`s (`UserTransformFailed`,
 * naming the module and keeping the thrown error as `cause`) and its result is checked:
 * a record object goes on, null or undefined drops the record, anything else (a string,
 * an array, a promise) is refused.
 */
export function guardUserTransform(
  transform: UserTransform,
  module: string | undefined,
): (row: Row) => Row | undefined {
  const source = module === undefined ? 'the user transform' : `the user transform (${module})`;
  return (row) => {
    let result: Row | null | undefined;
    try {
      result = transform(row);
    } catch (error) {
      throw new MappingError(
        MappingErrorCode.userTransformFailed,
        `${source} threw: ${errorText(error)}`,
        {
          cause: error,
        },
      );
    }
    if (result === null || result === undefined) return undefined;
    if (typeof result !== 'object' || Array.isArray(result) || isThenable(result)) {
      throw new MappingError(
        MappingErrorCode.userTransformFailed,
        `${source} returned ${describeResult(result)}; it must return a record object, null or undefined (synchronously)`,
      );
    }
    return result;
  };
}

function isThenable(value: object): boolean {
  return typeof (value as { then?: unknown }).then === 'function';
}

function describeResult(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'a promise';
  return `a ${typeof value}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
