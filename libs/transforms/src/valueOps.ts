import { hash } from 'node:crypto';
import type { FieldValue } from '@chunkline/contracts';

/**
 * The text an operation works on: strings as they are, numbers and booleans by `String()`
 * (`100`, `0.5`, `true`), arrays and objects as JSON. So JSON `100` and CSV `"100"` give the
 * same token, hash and mask.
 */
export function stringForm(value: Exclude<FieldValue, null>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Keep the last `keep` code points of `value` and replace every other code point with
 * `char`; the length in code points is preserved. A value that has no more than `keep` code
 * points is masked entirely, so a mask never returns a short value unchanged. `keep` 0
 * masks everything; the empty string stays empty.
 */
export function maskValue(value: string, keep: number, char: string): string {
  let start = value.length;
  for (let kept = 0; kept < keep && start > 0; kept++) {
    start -=
      start >= 2 && isLow(value.charCodeAt(start - 1)) && isHigh(value.charCodeAt(start - 2))
        ? 2
        : 1;
  }
  const end = start === 0 ? value.length : start;
  let hidden = 0;
  for (let i = 0; i < end; i++) {
    if (isHigh(value.charCodeAt(i)) && i + 1 < end && isLow(value.charCodeAt(i + 1))) i++;
    hidden++;
  }
  return char.repeat(hidden) + value.slice(end);
}

/**
 * SHA-256 of the UTF-8 bytes of `value`, as 64 lowercase hex characters. Unkeyed: anyone can
 * hash a guessed value and compare, so prefer `tokenize` for low-entropy data.
 */
export function hashValue(value: string): string {
  // One-shot `hash` is about three times faster than `createHash` for short values.
  return hash('sha256', value, 'hex');
}
