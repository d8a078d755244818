import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '@chunkline/contracts';
import {
  PARQUET_FOOTER_TAIL_READ,
  readParquetLayout,
  readParquetRows,
  type ParquetLayout,
} from '../src/index.ts';
import { openDuckdb, type Duckdb } from './helpers/parquetDuckdb.ts';
import { countingReader } from './helpers/parquetIo.ts';

/** Rows and row-group size of the DuckDB-written file; DuckDB cuts groups at 2,048 rows. */
const ROWS = 5000;
const GROUP_ROWS = 2048;

/** What DuckDB writes, one column per Parquet type worth checking. */
const SELECT = `
  SELECT
    range AS id,
    range::INTEGER AS small,
    (9007199254740000 + range)::BIGINT AS big,
    (9223372036854775807 - range)::BIGINT AS top,
    range::UBIGINT * 4000000000000 AS unsigned,
    (range / 8)::FLOAT AS single,
    CASE WHEN range % 10 = 0 THEN 'nan'::DOUBLE ELSE range / 4 END AS dbl,
    (range + 0.25)::DECIMAL(12, 2) AS dec,
    range % 2 = 0 AS even,
    CASE WHEN range % 3 = 0 THEN NULL ELSE 'ü-' || range::VARCHAR || ' 🚀' END AS text,
    TIMESTAMP '2024-01-01' + range * INTERVAL 1 SECOND + range * INTERVAL 1 MICROSECOND AS ts,
    TIMESTAMPTZ '1969-12-31 23:59:59+00' + range * INTERVAL 1 MILLISECOND AS tstz,
    DATE '2024-01-01' + range::INTEGER AS day,
    [range, NULL, range + 1] AS list,
    {'a': range, 'b': 'x', 'c': [true]} AS struct,
    CASE WHEN range % 2 = 0 THEN NULL ELSE {'n': NULL} END AS maybe,
    'blob\\x00'::BLOB AS bytes,
    'b'::ENUM('a', 'b') AS choice
  FROM range(${ROWS})`;

/** Row `i` as `readParquetRows` must give it. */
function expectedRow(i: number): Row {
  return {
    id: i,
    small: i,
    big:
      9007199254740000 + i <= Number.MAX_SAFE_INTEGER
        ? 9007199254740000 + i
        : String(9007199254740000n + BigInt(i)),
    top: (9223372036854775807n - BigInt(i)).toString(),
    unsigned:
      i * 4000000000000 <= Number.MAX_SAFE_INTEGER
        ? i * 4000000000000
        : String(BigInt(i) * 4000000000000n),
    single: i / 8,
    dbl: i % 10 === 0 ? 'NaN' : i / 4,
    dec: i + 0.25,
    even: i % 2 === 0,
    text: i % 3 === 0 ? null : `ü-${i} 🚀`,
    ts: new Date(Date.UTC(2024, 0, 1) + i * 1000 + Math.floor(i / 1000))
      .toISOString()
      .replace('Z', `${String(i % 1000).padStart(3, '0')}Z`),
    tstz: new Date(Date.UTC(1969, 11, 31, 23, 59, 59) + i).toISOString().replace('Z', '000Z'),
    day: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
    list: [i, null, i + 1],
    struct: { a: i, b: 'x', c: [true] },
    maybe: i % 2 === 0 ? null : { n: null },
    bytes: Buffer.from('blob\0').toString('base64'),
    choice: 'b',
  };
}

let duckdb: Duckdb;
let file: Uint8Array;
let layout: ParquetLayout;
beforeAll(async () => {
  duckdb = await openDuckdb();
  file = await duckdb.write(SELECT, GROUP_ROWS);
  layout = await readParquetLayout(countingReader(file).read, file.length);
});
afterAll(async () => {
  await duckdb.close();
});

async function rowsOf(
  read: ReturnType<typeof countingReader>['read'],
  first: number,
  count: number,
) {
  const rows: Row[] = [];
  for await (const batch of readParquetRows(read, file.length, { first, count }, 700)) {
    expect(batch.length).toBeLessThanOrEqual(700);
    rows.push(...batch);
  }
  return rows;
}

describe('Function: readParquetLayout (a file DuckDB wrote)', () => {
  it('lists the columns with their Chunkline types', () => {
    // Assess
    expect(layout.columns).toEqual([
      { name: 'id', type: 'int64' },
      { name: 'small', type: 'int64' },
      { name: 'big', type: 'int64' },
      { name: 'top', type: 'int64' },
      { name: 'unsigned', type: 'int64' },
      { name: 'single', type: 'double' },
      { name: 'dbl', type: 'double' },
      { name: 'dec', type: 'double' },
      { name: 'even', type: 'boolean' },
      { name: 'text', type: 'string' },
      { name: 'ts', type: 'timestamp' },
      { name: 'tstz', type: 'timestamp' },
      { name: 'day', type: 'timestamp' },
      { name: 'list', type: 'json' },
      { name: 'struct', type: 'json' },
      { name: 'maybe', type: 'json' },
      { name: 'bytes', type: 'string' },
      { name: 'choice', type: 'string' },
    ]);
  });

  it('gives each row group its rows and a byte range, in order and inside the file', () => {
    // Assess
    expect(layout.rows).toBe(ROWS);
    expect(layout.rowGroups.length).toBeGreaterThanOrEqual(3);
    expect(layout.rowGroups.reduce((sum, group) => sum + group.rows, 0)).toBe(ROWS);
    let end = 4;
    for (const group of layout.rowGroups) {
      expect(group.start).toBeGreaterThanOrEqual(end);
      expect(group.end).toBeGreaterThan(group.start);
      end = group.end;
    }
    expect(end).toBeLessThan(file.length - 8);
  });

  it('fetches only the footer, with one request of at most 64 KiB', async () => {
    // Prepare
    const { read, log } = countingReader(file);
    // Act
    await readParquetLayout(read, file.length);
    // Assess
    expect(log.calls).toEqual([
      { start: Math.max(0, file.length - PARQUET_FOOTER_TAIL_READ), end: file.length },
    ]);
  });
});

describe('Function: readParquetRows (a file DuckDB wrote)', () => {
  it('reads every row as JSON: big integers as text, timestamps as ISO, nested as objects', async () => {
    // Act
    const rows = await rowsOf(countingReader(file).read, 0, layout.rowGroups.length);
    // Assess
    expect(rows.length).toBe(ROWS);
    for (const i of [0, 1, 2, 3, 9, 10, 741, 2047, 2048, 4999]) {
      expect(rows[i]).toEqual(expectedRow(i));
    }
  });

  it('reads the rows of row groups k..k+n only, fetching their ranges plus the footer', async () => {
    // Prepare
    const { read, log } = countingReader(file);
    const first = 1;
    const count = layout.rowGroups.length - 1;
    const groups = layout.rowGroups.slice(first, first + count);
    const skipped = layout.rowGroups.slice(0, first).reduce((sum, group) => sum + group.rows, 0);
    // Act
    const rows = await rowsOf(read, first, count);
    // Assess
    expect(rows.map((row) => row['id'])).toEqual(
      Array.from({ length: ROWS - skipped }, (_, k) => skipped + k),
    );
    const footerReads = log.calls.slice(0, 1);
    expect(footerReads[0]?.end).toBe(file.length);
    expect(log.calls.slice(1)).toEqual(groups.map(({ start, end }) => ({ start, end })));
    const groupBytes = groups.reduce((sum, group) => sum + group.end - group.start, 0);
    expect(log.bytes).toBe(groupBytes + Math.min(file.length, PARQUET_FOOTER_TAIL_READ));
  });

  it('yields nothing for zero row groups, after reading only the footer', async () => {
    // Prepare
    const { read, log } = countingReader(file);
    // Act
    const rows = await rowsOf(read, 2, 0);
    // Assess
    expect(rows).toEqual([]);
    expect(log.calls).toHaveLength(1);
  });
});

describe('Function: readParquetLayout (a footer over 64 KiB)', () => {
  it('needs exactly two requests, both inside the footer', async () => {
    // Prepare
    const columns = Array.from(
      { length: 400 },
      (_, k) => `range + ${k} AS column_with_a_long_name_${k}`,
    );
    const wide = await duckdb.write(`SELECT ${columns.join(', ')} FROM range(3000)`, 1000);
    const { read, log } = countingReader(wide);
    // Act
    const wideLayout = await readParquetLayout(read, wide.length);
    // Assess
    const view = new DataView(wide.buffer, wide.byteOffset, wide.byteLength);
    const footerLength = view.getUint32(wide.length - 8, true);
    expect(footerLength + 8).toBeGreaterThan(PARQUET_FOOTER_TAIL_READ);
    expect(wideLayout.columns).toHaveLength(400);
    expect(wideLayout.rows).toBe(3000);
    expect(log.calls).toEqual([
      { start: wide.length - PARQUET_FOOTER_TAIL_READ, end: wide.length },
      { start: wide.length - footerLength - 8, end: wide.length - PARQUET_FOOTER_TAIL_READ },
    ]);
  });
});
