import type { FieldValue } from '@chunkline/contracts';
import {
  DEFAULT_MASK_CHAR,
  DEFAULT_REDACTION,
  FieldOpName,
  HASH_ALPHABET,
  TOKEN_ALPHABET,
} from './constants.ts';
import type { FieldOp } from './types.ts';
import { hashValue, maskValue, stringForm } from './valueOps.ts';

/** A compiled value operation: input value in, output value out. */
export type ValueFn = (value: FieldValue) => FieldValue;

/** A compiled operation on a string value (what every CSV value is). */
export type StringFn = (value: string) => string;

/**
 * The function for one field operation, or `'drop'`. Null stays null for tokenize, mask and
 * hash; redact replaces null too. Non-string values work on their `stringForm`.
 * `tokenizer` must be given when `op` is tokenize.
 */
export function compileFieldOp(
  op: FieldOp,
  tokenizer: ((value: string) => string) | undefined,
): ValueFn | 'drop' {
  const onString = compileStringOp(op, tokenizer);
  if (onString === 'drop') return 'drop';
  if (op.op === FieldOpName.redact) return () => onString('');
  return (value) => (value === null ? null : onString(stringForm(value)));
}

/** `compileFieldOp` for string values: the same result on every string. */
export function compileStringOp(
  op: FieldOp,
  tokenizer: ((value: string) => string) | undefined,
): StringFn | 'drop' {
  switch (op.op) {
    case FieldOpName.tokenize: {
      if (tokenizer === undefined)
        throw new TypeError('compileFieldOp: tokenize needs a tokenizer');
      return tokenizer;
    }
    case FieldOpName.mask: {
      const { keep } = op;
      const char = op.char ?? DEFAULT_MASK_CHAR;
      return (value) => maskValue(value, keep, char);
    }
    case FieldOpName.hash:
      return hashValue;
    case FieldOpName.redact: {
      const replacement = op.with ?? DEFAULT_REDACTION;
      return () => replacement;
    }
    case FieldOpName.drop:
      return 'drop';
  }
}

/**
 * `compileStringOp` over byte text (a string whose every char is one byte of the value's
 * UTF-8 encoding), for the operation that reads only those bytes: tokenize, given a
 * tokenizer created for byte text. It returns what `compileStringOp` does. Undefined for
 * the others: mask reads characters, and the rest gain nothing.
 */
export function compileByteTextOp(
  op: FieldOp,
  byteTextTokenizer: ((byteText: string) => string) | undefined,
): StringFn | undefined {
  return op.op === FieldOpName.tokenize ? byteTextTokenizer : undefined;
}

/**
 * The characters every value of `compileStringOp(op)` is made of, when the op's output is
 * known whatever its input: tokens and hashes, and a redaction's replacement. A writer may
 * then skip per-value checks (quoting, encoding) that the alphabet rules out. Undefined for
 * mask, which keeps characters of its input, and for drop.
 */
export function stringOpAlphabet(op: FieldOp): string | undefined {
  switch (op.op) {
    case FieldOpName.tokenize:
      return TOKEN_ALPHABET;
    case FieldOpName.hash:
      return HASH_ALPHABET;
    case FieldOpName.redact:
      return op.with ?? DEFAULT_REDACTION;
    case FieldOpName.mask:
    case FieldOpName.drop:
      return undefined;
  }
}
