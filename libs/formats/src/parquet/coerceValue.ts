import type { FieldValue } from '@chunkline/contracts';
import type { ParquetColumnType } from './types.ts';

/**
 * A value as `ParquetPartEncoder` hands it to the writer: text for `string`, bigint for
 * `int64` and `timestamp` (microseconds), number, boolean, and UTF-8 JSON text for `json`.
 */
export type EncodedValue = string | bigint | number | boolean | Uint8Array | null;

const encoder = new TextEncoder();

/** Why a value does not fit a column: thrown by the coercers, worded by the encoder. */
export class CoercionFailure extends Error {
  override readonly name = 'CoercionFailure';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_DOUBLES: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
/**
 * ISO 8601 date, optionally with a time (`T` or a space), seconds, up to 9 fraction digits
 * and a zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`); no zone means UTC.
 */
const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function fail(reason: string): never {
  throw new CoercionFailure(reason);
}

function toInt64(value: FieldValue): bigint {
  let result: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) fail(`${value} is not an integer`);
    result = BigInt(value);
  } else if (typeof value === 'string' && INTEGER.test(value.trim())) {
    result = BigInt(value.trim());
  } else {
    return fail(`${describe(value)} is not an integer`);
  }
  if (result < INT64_MIN || result > INT64_MAX) fail(`${value} is outside the 64-bit range`);
  return result;
}

function toDouble(value: FieldValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    const special = Object.hasOwn(SPECIAL_DOUBLES, text) ? SPECIAL_DOUBLES[text] : undefined;
    if (special !== undefined) return special;
    if (DECIMAL.test(text)) return Number(text);
  }
  return fail(`${describe(value)} is not a number`);
}

function toBoolean(value: FieldValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return fail(`${describe(value)} is not true or false`);
}

/** Minutes east of UTC of an ISO zone designator (`Z`, `+02:00`, `-0530`, `+01`). */
function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** Microseconds since the epoch of ISO 8601 `text`, or undefined when it is not a valid one. */
function isoMicros(text: string): bigint | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, year = '', month = '', day = '', hour = '0', minute = '0', second = '0'] = match;
  const fraction = (match[7] ?? '').padEnd(9, '0');
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  const valid =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  if (!valid) return undefined;
  const millis = date.getTime() - zoneMinutes(match[8]) * 60_000;
  return BigInt(millis) * 1000n + BigInt(fraction.slice(0, 6));
}

function toTimestampMicros(value: FieldValue): bigint {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${value} is not a time`);
    return BigInt(Math.round(value * 1000));
  }
  if (typeof value === 'string') {
    const micros = isoMicros(value);
    if (micros !== undefined) return micros;
  }
  return fail(`${describe(value)} is not an ISO 8601 date-time or epoch milliseconds`);
}

/** JSON text of `value`; values JSON cannot hold (a bigint, a cycle) do not fit. */
function jsonText(value: FieldValue): string {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    return fail(`it has no JSON text (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

function toText(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return jsonText(value);
}

/** A short, quoted rendering of a value for error messages. */
export function describe(value: FieldValue): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * `value` as the writer wants it for a column of `type`; null, undefined and (except for
 * `string` columns) empty or blank strings are null. What each type accepts:
 * `string` anything (numbers and booleans as text, objects and arrays as JSON);
 * `int64` integral numbers and integer strings within 64 bits;
 * `double` numbers and decimal strings, `NaN`, `Infinity`, `-Infinity`;
 * `boolean` booleans and `true`/`false` in any case;
 * `timestamp` ISO 8601 strings (no zone means UTC; kept to the microsecond) and numbers as
 * epoch milliseconds; `json` any value (written as its JSON text).
 *
 * @throws CoercionFailure naming the value when it does not fit.
 */
export function coerceValue(value: FieldValue | undefined, type: ParquetColumnType): EncodedValue {
  if (value === null || value === undefined) return null;
  if (type === 'string') return toText(value);
  if (type === 'json') return encoder.encode(jsonText(value));
  if (typeof value === 'string' && value.trim() === '') return null;
  switch (type) {
    case 'int64':
      return toInt64(value);
    case 'double':
      return toDouble(value);
    case 'boolean':
      return toBoolean(value);
    case 'timestamp':
      return toTimestampMicros(value);
  }
}
