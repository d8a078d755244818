import { describe, expect, it } from 'vitest';
import { FormatError, FormatErrorCode, isFormatError } from '../src/index.ts';

describe('Class: FormatError', () => {
  it('carries its name, code, location and cause', () => {
    // Prepare
    const cause = new Error('root');
    // Act
    const error = new FormatError(FormatErrorCode.badRecord, 'formats: bad', {
      cause,
      line: 3,
      offset: 42,
    });
    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'FormatError',
      code: 'BadRecord',
      line: 3,
      offset: 42,
      message: 'formats: bad',
    });
    expect(error.cause).toBe(cause);
  });

  it('has no cause, line or offset unless given', () => {
    // Act
    const error = new FormatError('Misuse', 'formats: oops');
    // Assess
    expect('cause' in error).toBe(false);
    expect(error.line).toBeUndefined();
    expect(error.offset).toBeUndefined();
  });
});

describe('Function: isFormatError', () => {
  it.each([
    { error: new FormatError('BadRecord', 'x'), code: undefined, expected: true },
    { error: new FormatError('BadRecord', 'x'), code: 'BadRecord', expected: true },
    { error: new FormatError('BadRecord', 'x'), code: 'Misuse', expected: false },
    { error: new Error('x'), code: undefined, expected: false },
  ] as const)(
    'is $expected for a $error.name with code filter $code',
    ({ error, code, expected }) => {
      // Act
      const result = isFormatError(error, code);
      // Assess
      expect(result).toBe(expected);
    },
  );
});
