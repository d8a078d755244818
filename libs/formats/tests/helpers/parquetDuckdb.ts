import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { FieldValue, Row } from '@chunkline/contracts';
import type { ParquetColumn } from '../../src/index.ts';

/** DuckDB, in memory, as an independent Parquet reader and writer for tests. */
export interface Duckdb {
  /** The rows of a Parquet `file`, in the JSON form `readParquetRows` gives them. */
  rows(file: Uint8Array, columns: readonly ParquetColumn[]): Promise<Row[]>;
  /** `DESCRIBE` of a Parquet `file`: column names and DuckDB types. */
  describe(file: Uint8Array): Promise<Array<{ name: string; type: string }>>;
  /** The Parquet file DuckDB writes for `select`, with row groups of `rowGroupSize` rows. */
  write(select: string, rowGroupSize: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The SQL that renders a column as `readParquetRows` would (text for what JS can't hold). */
function expression(column: ParquetColumn): string {
  const name = quote(column.name);
  switch (column.type) {
    case 'int64':
    case 'json':
      return `${name}::VARCHAR AS ${name}`;
    case 'timestamp':
      return `strftime(${name}::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${name}`;
    default:
      return name;
  }
}

/** DuckDB's JSON value of a column as `readParquetRows` gives it. */
function normalize(value: FieldValue, column: ParquetColumn): FieldValue {
  if (value === null) return null;
  if (column.type === 'int64') {
    const big = BigInt(value as string);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big.toString();
  }
  if (column.type === 'json') return JSON.parse(value as string) as FieldValue;
  if (column.type === 'double' && Object.is(value, -0)) return 0;
  return value;
}

/** Open an in-memory DuckDB with a scratch directory, in UTC. */
export async function openDuckdb(): Promise<Duckdb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const dir = await mkdtemp(join(tmpdir(), 'chunkline-parquet-'));
  let files = 0;
  const store = async (file: Uint8Array): Promise<string> => {
    const path = join(dir, `file-${(files += 1)}.parquet`);
    await writeFile(path, file);
    return path;
  };
  return {
    async rows(file, columns) {
      const path = await store(file);
      const list = columns.map(expression).join(', ');
      const reader = await connection.runAndReadAll(`SELECT ${list} FROM read_parquet('${path}')`);
      return reader.getRowObjectsJson().map((row) => {
        const out: Row = {};
        for (const column of columns) {
          out[column.name] = normalize(row[column.name] as FieldValue, column);
        }
        return out;
      });
    },
    async describe(file) {
      const path = await store(file);
      const reader = await connection.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${path}')`,
      );
      return reader.getRowObjectsJson().map((row) => ({
        name: String(row['column_name']),
        type: String(row['column_type']),
      }));
    },
    async write(select, rowGroupSize) {
      const path = join(dir, `written-${(files += 1)}.parquet`);
      await connection.run(
        `COPY (${select}) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize})`,
      );
      return new Uint8Array(await readFile(path));
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
