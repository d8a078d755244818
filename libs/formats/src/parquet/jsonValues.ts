import type { FieldValue } from '@chunkline/contracts';
import type { ParquetParsers } from 'hyparquet';

const MS_PER_DAY = 86_400_000;

/** `bigint` floor division and non-negative remainder. */
function floorDivMod(value: bigint, divisor: bigint): [bigint, bigint] {
  const remainder = ((value % divisor) + divisor) % divisor;
  return [(value - remainder) / divisor, remainder];
}

/**
 * ISO 8601 text (UTC, `Z`) of a time `millis` after the epoch, with `fraction` (the
 * sub-millisecond digits) appended to the milliseconds. Out of the `Date` range the raw
 * count is returned as a decimal string rather than failing the read.
 */
function isoText(millis: bigint, fraction: string, raw: bigint): string {
  const date = new Date(Number(millis));
  if (Number.isNaN(date.getTime())) return raw.toString();
  return `${date.toISOString().slice(0, -1)}${fraction}Z`;
}

/** ISO 8601 text of a count of `unitsPerMilli`-ths of a millisecond since the epoch. */
function timestampText(count: bigint, unitsPerMilli: bigint, digits: number): string {
  const [millis, rest] = floorDivMod(count, unitsPerMilli);
  return isoText(millis, digits > 0 ? rest.toString().padStart(digits, '0') : '', count);
}

/**
 * hyparquet parsers that turn Parquet time values into ISO 8601 strings with the column's
 * precision: milliseconds `…T00:00:00.000Z`, microseconds `….000000Z`, nanoseconds (and
 * INT96) `….000000000Z`; DATE as `YYYY-MM-DD`.
 */
export const JSON_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => timestampText(BigInt(millis), 1n, 0),
  timestampFromMicroseconds: (micros: bigint) => timestampText(BigInt(micros), 1000n, 3),
  timestampFromNanoseconds: (nanos: bigint) => timestampText(BigInt(nanos), 1_000_000n, 6),
  dateFromDays: (days: number) => {
    const date = new Date(days * MS_PER_DAY);
    return Number.isNaN(date.getTime()) ? String(days) : date.toISOString().split('T')[0];
  },
};

/** Base64 text of `bytes`. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * A value hyparquet decoded, as a JSON-safe row value: integers beyond ±2^53 become decimal
 * strings, non-finite numbers the strings `NaN`, `Infinity`, `-Infinity`, dates ISO 8601
 * text, bytes base64, typed arrays arrays, `undefined` null; objects and arrays recursively.
 */
export function jsonSafe(value: unknown): FieldValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
      return String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'object':
      return jsonSafeObject(value);
    default:
      return null;
  }
}

function jsonSafeObject(value: object | null): FieldValue {
  if (value === null) return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString();
  }
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<unknown>, jsonSafe);
  }
  // fromEntries defines properties, so a key named `__proto__` stays an ordinary key.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
}
