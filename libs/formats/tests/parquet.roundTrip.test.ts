import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquetLayout, type ParquetPartDescription } from '../src/index.ts';
import { openDuckdb, type Duckdb } from './helpers/parquetDuckdb.ts';
import { assembleParquet, encodePart, readAllRows } from './helpers/parquetFiles.ts';
import { readerOf } from './helpers/parquetIo.ts';
import { ALL_TYPES, partsArbitrary, pick, sampleRows } from './helpers/parquetRows.ts';

let duckdb: Duckdb;
beforeAll(async () => {
  duckdb = await openDuckdb();
});
afterAll(async () => {
  await duckdb.close();
});

describe('Parquet round trip: parts encoded apart, assembled as magic + parts + footer', () => {
  it.each([
    { name: 'one part of one row group', partRows: [7], rowGroupRows: 10, gap: 0 },
    { name: 'many row groups in several parts', partRows: [23, 5, 31], rowGroupRows: 4, gap: 0 },
    { name: 'empty parts among full ones', partRows: [0, 12, 0, 0, 9, 0], rowGroupRows: 5, gap: 0 },
    {
      name: 'parts at offsets with gaps between them',
      partRows: [6, 11, 3],
      rowGroupRows: 2,
      gap: 13,
    },
    { name: 'row groups of one row', partRows: [3, 4], rowGroupRows: 1, gap: 0 },
  ])('reads back $name with hyparquet and with DuckDB', async ({ partRows, rowGroupRows, gap }) => {
    // Prepare
    let from = 0;
    const parts = partRows.map((count) => {
      const rows = sampleRows(from, count);
      from += count;
      const half = Math.floor(count / 2);
      return encodePart(ALL_TYPES, [rows.slice(0, half), rows.slice(half)], rowGroupRows);
    });
    const expected = sampleRows(0, from);
    // Act
    const file = assembleParquet(ALL_TYPES, parts, gap);
    // Assess
    const layout = await readParquetLayout(readerOf(file), file.length);
    expect(layout.rows).toBe(from);
    expect(layout.columns).toEqual(ALL_TYPES);
    expect(layout.rowGroups.map((group) => group.rows)).toEqual(
      partRows.flatMap((count) => groupSizes(count, rowGroupRows)),
    );
    expect(await readAllRows(file, 3)).toEqual(expected);
    expect(await duckdb.rows(file, ALL_TYPES)).toEqual(expected);
  });

  it('makes a valid file of zero rows, with its columns, from empty parts', async () => {
    // Prepare
    const parts = [encodePart(ALL_TYPES, []), encodePart(ALL_TYPES, [[], []])];
    // Act
    const file = assembleParquet(ALL_TYPES, parts);
    // Assess
    expect(file.length).toBeGreaterThan(12);
    expect(await readParquetLayout(readerOf(file), file.length)).toEqual({
      rows: 0,
      columns: ALL_TYPES,
      rowGroups: [],
    });
    expect(await readAllRows(file)).toEqual([]);
    expect(await duckdb.rows(file, ALL_TYPES)).toEqual([]);
    expect(await duckdb.describe(file)).toEqual([
      { name: 'text', type: 'VARCHAR' },
      { name: 'count', type: 'BIGINT' },
      { name: 'ratio', type: 'DOUBLE' },
      { name: 'flag', type: 'BOOLEAN' },
      { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'doc', type: 'JSON' },
    ]);
  });

  it('reads back any rows, split any way into parts and row groups (hyparquet)', async () => {
    await fc.assert(
      fc.asyncProperty(partsArbitrary(), async ({ parts, rowGroupRows }) => {
        // Prepare
        const encoded = parts.map((batches) =>
          encodePart(
            ALL_TYPES,
            batches.map((batch) => pick(batch, 'input')),
            rowGroupRows,
          ),
        );
        const expected = parts.flatMap((batches) =>
          batches.flatMap((batch) => pick(batch, 'expected')),
        );
        // Act
        const file = assembleParquet(ALL_TYPES, encoded);
        // Assess
        expect(await readAllRows(file, 5)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reads back any rows, split any way into parts and row groups (DuckDB)', async () => {
    await fc.assert(
      fc.asyncProperty(partsArbitrary(), async ({ parts, rowGroupRows }) => {
        // Prepare
        const encoded = parts.map((batches) =>
          encodePart(
            ALL_TYPES,
            batches.map((batch) => pick(batch, 'input')),
            rowGroupRows,
          ),
        );
        const expected = parts.flatMap((batches) =>
          batches.flatMap((batch) => pick(batch, 'expected')),
        );
        // Act
        const file = assembleParquet(ALL_TYPES, encoded);
        // Assess
        expect(await duckdb.rows(file, ALL_TYPES)).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });
});

describe('Method: ParquetPartEncoder.description', () => {
  it('is plain JSON without statistics, indexes or bloom filters, offsets from the part start', () => {
    // Prepare
    const part = encodePart(ALL_TYPES, [sampleRows(0, 9)], 4);
    // Act
    const description: ParquetPartDescription = part.description;
    // Assess
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    expect(description.rows).toBe(9);
    expect(description.bytes).toBe(part.bytes.length);
    const text = JSON.stringify(description);
    for (const word of ['statistic', 'index', 'bloom', 'row 1 ', 'ünïcødé']) {
      expect(text).not.toContain(word);
    }
    const first = description.rowGroups[0]?.columns[0];
    expect(first?.dictionaryPageOffset ?? first?.dataPageOffset).toBe('0');
    const last = description.rowGroups.at(-1)?.columns.at(-1);
    const lastEnd =
      BigInt(last?.dictionaryPageOffset ?? last?.dataPageOffset ?? '0') +
      BigInt(last?.totalCompressedSize ?? '0');
    expect(lastEnd).toBe(BigInt(part.bytes.length));
  });

  it('has no magic in the part bytes', () => {
    // Act
    const part = encodePart(ALL_TYPES, [sampleRows(0, 3)]);
    // Assess
    expect(new TextDecoder().decode(part.bytes.subarray(0, 4))).not.toBe('PAR1');
    expect(new TextDecoder().decode(part.bytes.subarray(-4))).not.toBe('PAR1');
  });
});

/** Row-group sizes of `count` rows cut every `rowGroupRows`. */
function groupSizes(count: number, rowGroupRows: number): number[] {
  const sizes: number[] = [];
  for (let left = count; left > 0; left -= rowGroupRows) sizes.push(Math.min(left, rowGroupRows));
  return sizes;
}
