import fc from 'fast-check';
import type { FieldValue, Row } from '@chunkline/contracts';
import type { ParquetColumn } from '../../src/index.ts';

/** One column of every Chunkline Parquet type. */
export const ALL_TYPES: readonly ParquetColumn[] = [
  { name: 'text', type: 'string' },
  { name: 'count', type: 'int64' },
  { name: 'ratio', type: 'double' },
  { name: 'flag', type: 'boolean' },
  { name: 'at', type: 'timestamp' },
  { name: 'doc', type: 'json' },
];

/**
 * Row `i` of a fixed sample over `ALL_TYPES`, already in the form reading gives back:
 * nulls in every column, unicode and CSV-hostile text, integers beyond 2^53, timestamps
 * to the microsecond, nested JSON.
 */
export function sampleRow(i: number): Row {
  return {
    text: i % 5 === 0 ? null : `row ${i} — ünïcødé 🚀 "q",\n`,
    count: i % 3 === 0 ? (9007199254740993n + BigInt(i)).toString() : i * -7,
    ratio: i % 7 === 0 ? null : i / 4,
    flag: i % 4 === 0 ? null : i % 2 === 0,
    at: i % 6 === 0 ? null : `2024-02-29T12:34:56.${String(i).padStart(6, '0')}Z`,
    doc: i % 5 === 1 ? null : { id: i, tags: ['a', 'ü'], nested: { ok: i % 2 === 0 } },
  };
}

/** `count` sample rows from `from`. */
export function sampleRows(from: number, count: number): Row[] {
  return Array.from({ length: count }, (_, k) => sampleRow(from + k));
}

/** A row value as given to the encoder, and the value reading must give back. */
export interface Case {
  readonly input: FieldValue;
  readonly expected: FieldValue;
}

const same = (value: FieldValue): Case => ({ input: value, expected: value });
const nullable = (arbitrary: fc.Arbitrary<Case>): fc.Arbitrary<Case> =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(same(null)) }, { weight: 5, arbitrary });

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const SAFE = (value: bigint): boolean =>
  value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);

/** Values and their read-back form, per column type. */
const CASES: Record<ParquetColumn['type'], fc.Arbitrary<Case>> = {
  string: fc.string({ unit: 'grapheme', maxLength: 12 }).map(same),
  int64: fc.bigInt(INT64).map((value) => same(SAFE(value) ? Number(value) : value.toString())),
  double: fc.double().map((value) => ({
    input: value,
    expected: Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : String(value),
  })),
  boolean: fc.boolean().map(same),
  timestamp: fc
    .tuple(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([date, micros]) =>
      same(date.toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`)),
    ),
  json: fc.jsonValue({ maxDepth: 3 }).map((value) => ({
    input: value as FieldValue,
    expected: JSON.parse(JSON.stringify(value)) as FieldValue,
  })),
};

/** Columns `ALL_TYPES`; rows of cases split into parts of batches. */
export function partsArbitrary(): fc.Arbitrary<{
  parts: Array<Array<Array<Record<string, Case>>>>;
  rowGroupRows: number;
}> {
  const row = fc.record(
    Object.fromEntries(ALL_TYPES.map(({ name, type }) => [name, nullable(CASES[type])])),
  );
  const batch = fc.array(row, { maxLength: 8 });
  const part = fc.array(batch, { maxLength: 4 });
  return fc.record({
    parts: fc.array(part, { minLength: 1, maxLength: 4 }),
    rowGroupRows: fc.integer({ min: 1, max: 6 }),
  });
}

/** The encoder's input (or the expected rows) of generated cases. */
export function pick(rows: ReadonlyArray<Record<string, Case>>, side: keyof Case): Row[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([name, value]) => [name, value[side]])),
  );
}
