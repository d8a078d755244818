import { describe, expect, it } from 'vitest';
import type { FieldValue } from '@chunkline/contracts';
import {
  ParquetPartEncoder,
  parquetFooter,
  type ParquetColumn,
  type ParquetColumnType,
} from '../src/index.ts';
import { assembleParquet, encodePart, readAllRows } from './helpers/parquetFiles.ts';
import { ALL_TYPES, sampleRows } from './helpers/parquetRows.ts';

/** The value `input` becomes in a one-column file of `type`, read back. */
async function roundTrip(
  type: ParquetColumnType,
  input: FieldValue | undefined,
): Promise<FieldValue> {
  const columns = [{ name: 'v', type }];
  const row = input === undefined ? {} : { v: input };
  const rows = await readAllRows(assembleParquet(columns, [encodePart(columns, [[row]])]));
  return rows[0]?.['v'] ?? null;
}

describe('Class: ParquetPartEncoder (coercion)', () => {
  it.each([
    { type: 'string', input: 'ü 🚀', expected: 'ü 🚀' },
    { type: 'string', input: 42.5, expected: '42.5' },
    { type: 'string', input: true, expected: 'true' },
    { type: 'string', input: { a: [1] }, expected: '{"a":[1]}' },
    { type: 'string', input: '', expected: '' },
    { type: 'int64', input: 42, expected: 42 },
    { type: 'int64', input: ' -17 ', expected: -17 },
    { type: 'int64', input: '9223372036854775807', expected: '9223372036854775807' },
    { type: 'int64', input: '-9223372036854775808', expected: '-9223372036854775808' },
    { type: 'int64', input: '', expected: null },
    { type: 'double', input: 1.5, expected: 1.5 },
    { type: 'double', input: '-2.5e3', expected: -2500 },
    { type: 'double', input: '.5', expected: 0.5 },
    { type: 'double', input: 'NaN', expected: 'NaN' },
    { type: 'double', input: '-Infinity', expected: '-Infinity' },
    { type: 'double', input: Number.POSITIVE_INFINITY, expected: 'Infinity' },
    { type: 'boolean', input: false, expected: false },
    { type: 'boolean', input: 'TRUE', expected: true },
    { type: 'timestamp', input: '2024-02-29T12:00:00Z', expected: '2024-02-29T12:00:00.000000Z' },
    {
      type: 'timestamp',
      input: '2024-02-29T12:00:00.5+02:00',
      expected: '2024-02-29T10:00:00.500000Z',
    },
    {
      type: 'timestamp',
      input: '2024-02-29 12:00:00.123456789',
      expected: '2024-02-29T12:00:00.123456Z',
    },
    { type: 'timestamp', input: '2024-02-29', expected: '2024-02-29T00:00:00.000000Z' },
    {
      type: 'timestamp',
      input: '1969-12-31T23:59:59.999999Z',
      expected: '1969-12-31T23:59:59.999999Z',
    },
    { type: 'timestamp', input: 0, expected: '1970-01-01T00:00:00.000000Z' },
    { type: 'json', input: 'text', expected: 'text' },
    { type: 'json', input: [1, { a: null }], expected: [1, { a: null }] },
    {
      type: 'json',
      input: JSON.parse('{"__proto__":{"a":1}}') as FieldValue,
      expected: JSON.parse('{"__proto__":{"a":1}}') as FieldValue,
    },
    { type: 'boolean', input: null, expected: null },
    { type: 'json', input: undefined, expected: null },
  ] as const)('writes $type $input and reads back $expected', async ({ type, input, expected }) => {
    // Act
    const value = await roundTrip(type, input as FieldValue | undefined);
    // Assess
    expect(value).toEqual(expected);
  });

  it.each([
    { type: 'double', input: 'abc' },
    { type: 'double', input: true },
    { type: 'int64', input: 1.5 },
    { type: 'int64', input: '12abc' },
    { type: 'int64', input: '9223372036854775808' },
    { type: 'boolean', input: 'yes' },
    { type: 'boolean', input: 1 },
    { type: 'timestamp', input: '2023-02-29' },
    { type: 'timestamp', input: 'yesterday' },
    { type: 'timestamp', input: [2024] },
  ] as const)(
    'rejects $type $input as a BadRecord naming the column and type',
    ({ type, input }) => {
      // Prepare
      const encoder = new ParquetPartEncoder([{ name: 'amount', type }]);
      // Act
      const act = () => encoder.encode([{ amount: null }, { amount: input as FieldValue }]);
      // Assess
      expect(act).toThrow(
        expect.objectContaining({
          name: 'FormatError',
          code: 'BadRecord',
          message: expect.stringMatching(new RegExp(`"amount" expects ${type}.*row 2`)),
        }),
      );
    },
  );

  it('adds none of a batch with a bad value', () => {
    // Prepare
    const encoder = new ParquetPartEncoder([{ name: 'n', type: 'int64' }], { rowGroupRows: 2 });
    // Act
    expect(() => encoder.encode([{ n: 1 }, { n: 'x' }])).toThrow();
    encoder.encode([{ n: 3 }]);
    encoder.finish();
    // Assess
    expect(encoder.description().rows).toBe(1);
  });
});

describe('Class: ParquetPartEncoder (streaming)', () => {
  it('returns bytes only for complete row groups, the rest on finish', () => {
    // Prepare
    const encoder = new ParquetPartEncoder(ALL_TYPES, { rowGroupRows: 4 });
    // Act
    const first = encoder.encode(sampleRows(0, 3));
    const second = encoder.encode(sampleRows(3, 6));
    const last = encoder.finish();
    // Assess
    expect(first.length).toBe(0);
    expect(second.length).toBeGreaterThan(0);
    expect(last.length).toBeGreaterThan(0);
    const { rows, bytes, rowGroups } = encoder.description();
    expect({ rows, bytes, groups: rowGroups.map((group) => group.rows) }).toEqual({
      rows: 9,
      bytes: second.length + last.length,
      groups: [4, 4, 1],
    });
  });

  it('returns no bytes from finish when no rows are left', () => {
    // Prepare
    const encoder = new ParquetPartEncoder(ALL_TYPES, { rowGroupRows: 2 });
    encoder.encode(sampleRows(0, 4));
    // Act
    const last = encoder.finish();
    // Assess
    expect(last.length).toBe(0);
    expect(encoder.description().rowGroups).toHaveLength(2);
  });

  it.each(['encode', 'finish'] as const)('refuses %s after finish', (method) => {
    // Prepare
    const encoder = new ParquetPartEncoder(ALL_TYPES);
    encoder.finish();
    // Act
    const act = () => (method === 'encode' ? encoder.encode([]) : encoder.finish());
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'Misuse' }));
  });

  it.each([
    { name: 'no columns', columns: [], options: {} },
    {
      name: 'a duplicate column',
      columns: [
        { name: 'a', type: 'string' },
        { name: 'a', type: 'json' },
      ],
      options: {},
    },
    { name: 'an empty name', columns: [{ name: '', type: 'string' }], options: {} },
    { name: 'an unknown type', columns: [{ name: 'a', type: 'date' }], options: {} },
    { name: 'zero rows per group', columns: ALL_TYPES, options: { rowGroupRows: 0 } },
  ])('rejects $name', ({ columns, options }) => {
    // Act
    const act = () => new ParquetPartEncoder(columns as ParquetColumn[], options);
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('Function: parquetFooter', () => {
  const part = encodePart(ALL_TYPES, [sampleRows(0, 5)], 2);

  it.each([
    {
      name: 'other columns',
      columns: ALL_TYPES.slice(1),
      parts: [{ offset: 4, description: part.description }],
    },
    {
      name: 'a column of another type',
      columns: ALL_TYPES.map((column, index) =>
        index === 1 ? { ...column, type: 'double' as const } : column,
      ),
      parts: [{ offset: 4, description: part.description }],
    },
    {
      name: 'a part over the magic',
      columns: ALL_TYPES,
      parts: [{ offset: 0, description: part.description }],
    },
    {
      name: 'overlapping parts',
      columns: ALL_TYPES,
      parts: [
        { offset: 4, description: part.description },
        { offset: 5, description: part.description },
      ],
    },
    {
      name: 'a description of a larger part',
      columns: ALL_TYPES,
      parts: [{ offset: 4, description: { ...part.description, bytes: part.bytes.length - 1 } }],
    },
    {
      name: 'a malformed offset',
      columns: ALL_TYPES,
      parts: [
        {
          offset: 4,
          description: {
            ...part.description,
            rowGroups: part.description.rowGroups.map((group) => ({
              ...group,
              columns: group.columns.map((chunk) => ({ ...chunk, dataPageOffset: '-1' })),
            })),
          },
        },
      ],
    },
  ])('rejects $name', ({ columns, parts }) => {
    // Act
    const act = () => parquetFooter(columns, parts);
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });

  it('ends with the metadata length and PAR1', () => {
    // Act
    const footer = parquetFooter(ALL_TYPES, [{ offset: 4, description: part.description }]);
    // Assess
    const view = new DataView(footer.buffer, footer.byteOffset, footer.byteLength);
    expect(new TextDecoder().decode(footer.subarray(-4))).toBe('PAR1');
    expect(view.getUint32(footer.length - 8, true)).toBe(footer.length - 8);
  });
});
