/**
 * Where `Number()` accepts more than a plain decimal: a blank string (0) and the `0x`, `0o`
 * and `0b` literals. Its other finite results are exactly the plain decimals (optional sign,
 * digits with an optional fraction, or a fraction alone, an optional exponent, surrounding
 * whitespace), so only this needs checking.
 */
const NOT_DECIMAL = /^\s*(?:0[xXoObB]|$)/;

/** The char codes of '1' and '9': text starting with 1-9 is neither blank nor a `0x`-style literal. */
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;

/**
 * The number a filter sees in a value, or `undefined` when it has none: finite numbers as
 * they are; strings only when they are plain decimals (`"100"`, `" -1.5 "`, `"2e3"`) whose
 * value is finite. Empty and blank strings, `"0x10"`, `"1,000"`, `"Infinity"` and `"NaN"` are
 * not numbers.
 */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) return undefined;
  // A filter runs on every row: most numeric text starts with 1-9 and needs no regex at all.
  const first = value.charCodeAt(0);
  if (first >= DIGIT_1 && first <= DIGIT_9) return parsed;
  return NOT_DECIMAL.test(value) ? undefined : parsed;
}
