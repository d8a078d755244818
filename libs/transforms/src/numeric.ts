/** A plain decimal number, with optional sign, fraction, exponent and surrounding whitespace. */
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The number a filter sees in a value, or `undefined` when it has none: finite numbers as
 * they are; strings only when they are plain decimals (`"100"`, `" -1.5 "`, `"2e3"`) whose
 * value is finite. Empty and blank strings, `"0x10"`, `"1,000"`, `"Infinity"` and `"NaN"` are
 * not numbers.
 */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
