import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { SAMPLE_COLUMNS } from '@chunkline/sample-data';
import { benchS3, getStream, uploadStream } from './s3.ts';
import type { ContenderJob, ContenderOutcome } from './types.ts';

/** A SQL string literal. */
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * The work in DuckDB SQL: sha256 stands in for the keyed tokenize (DuckDB has no HMAC),
 * sha256 for hash, the mask keeps the last 4 characters, and the filter keeps amounts over 100.
 */
function workSql(input: string, output: string): string {
  const columns = SAMPLE_COLUMNS.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ');
  const expression = (column: string): string => {
    switch (column) {
      case 'email':
      case 'name':
        return `'tok_' || left(sha256(${column}), 22)`;
      case 'id':
        return `sha256(${column})`;
      case 'card':
        return `repeat('*', greatest(length(card) - 4, 0)) || right(card, 4)`;
      default:
        return column;
    }
  };
  const select = SAMPLE_COLUMNS.map((c) => `${expression(c)} AS ${c}`).join(', ');
  return `COPY (SELECT ${select} FROM read_csv(${literal(input)}, header = true, columns = {${columns}}, quote = '"', escape = '"', delim = ',') WHERE TRY_CAST(amount AS DOUBLE) > 100) TO ${literal(output)} (FORMAT csv, HEADER true)`;
}

/** DuckDB: download the object, run the equivalent SQL with @duckdb/node-api, upload the result. */
export async function duckdbSql(job: ContenderJob): Promise<ContenderOutcome> {
  const s3 = benchS3(job.endpoint);
  await mkdir(job.workDir, { recursive: true });
  const input = join(job.workDir, 'duckdb-input.csv');
  const output = join(job.workDir, 'duckdb-output.csv');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await pipeline(await getStream(s3, job.input), createWriteStream(input));
    const downloaded = performance.now();
    await connection.run(workSql(input, output));
    const queried = performance.now();
    const outputBytes = await uploadStream(s3, job.output, createReadStream(output), 'text/csv');
    const ended = performance.now();
    if ((await stat(output)).size !== outputBytes)
      throw new Error(`bench: duckdb: uploaded ${outputBytes} bytes of ${output}`);
    return {
      seconds: (ended - started) / 1000,
      outputBytes,
      phases: {
        download: (downloaded - started) / 1000,
        query: (queried - downloaded) / 1000,
        upload: (ended - queried) / 1000,
      },
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(input, { force: true });
    await rm(output, { force: true });
  }
}
