import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from '@chunkline/contracts';
import { generateCsv, generateJsonl } from '@chunkline/sample-data';
import { buildZip } from '@chunkline/testing';
import { outputColumns, parseMapping } from '@chunkline/transforms';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, readObject, waitForJob } from './support/harness.ts';
import type { Harness } from './support/harness.ts';
import { NOTHING_LEFT, settledLeftovers, readLog } from './support/inspect.ts';
import { TEST_MAPPING } from './support/mappings.ts';
import { csvText, parseJsonl, referenceRows } from './support/referenceRows.ts';

const KEY = 'e2e-inputs-key-0123456789';
const KiB = 1024;

/** Rows of a CSV text, keyed by its header. */
function csvRows(text: Buffer | string): Row[] {
  const [header = [], ...records] = parse(text) as string[][];
  return records.map((values) => Object.fromEntries(header.map((n, i) => [n, values[i] ?? ''])));
}

/** DuckDB, as a writer and reader of Parquet independent of Chunkline's. */
async function duckdb<T>(
  use: (sql: (query: string) => Promise<Row[]>, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'chunkline-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await use(
      async (query) => (await connection.runAndReadAll(query)).getRowObjectsJson() as Row[],
      dir,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('Inputs: JSON arrays, ZIP archives and Parquet, on LocalStack', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness({
      CHUNKLINE_CHUNK_SIZE: '128KiB',
      CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0',
      CHUNKLINE_MAPPING: JSON.stringify(TEST_MAPPING),
      CHUNKLINE_TOKENIZE_KEY: KEY,
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('splits a pretty-printed JSON array on element boundaries into one valid array equal to the reference', async () => {
    // Prepare: records whose strings hold `}, {`, brackets, quotes and backslashes.
    const records = parseJsonl(
      Buffer.concat([...generateJsonl({ seed: 21, targetBytes: 900 * KiB })]).toString('utf8'),
    ).map((row, i) => ({ ...row, notes: `${String(row['notes'])} }, {"x": [${i}]} \\"q\\" \\\\` }));
    const input = Buffer.from(JSON.stringify(records, null, 2));
    const source = { bucket: harness.resources.buckets.source, key: 'in/records.json' };

    // Act
    await harness.store.put(source, input, 'application/json');
    const status = await waitForJob(harness, source);

    // Assess
    expect(status.state).toBe('succeeded');
    expect(status.chunks.total).toBeGreaterThan(5);
    const output = await readObject(harness, status.output);
    expect(JSON.parse(output.toString('utf8'))).toEqual(referenceRows(records, TEST_MAPPING, KEY));
    expect(status.rows.in).toBe(records.length);
  });

  it('processes the CSV entries of a ZIP archive into one CSV, in chunks of entries grouped by compressed size', async () => {
    // Prepare
    const [a, b, c] = [1, 2, 3].map((seed) =>
      Buffer.concat([...generateCsv({ seed, targetBytes: 200 * KiB })]),
    ) as [Buffer, Buffer, Buffer];
    const entries = [a, b, c];
    const archive = await buildZip([
      { name: 'exports/a.csv', data: a },
      { name: 'exports/README.txt', data: 'not records' },
      { name: 'exports/b.csv', data: b, stream: true },
      { name: 'exports/c.csv', data: c, compress: false, zip64: true },
    ]);
    const source = { bucket: harness.resources.buckets.source, key: 'in/exports.zip' };

    // Act
    await harness.store.put(source, archive, 'application/zip');
    const status = await waitForJob(harness, source);

    // Assess
    expect(status.state).toBe('succeeded');
    expect(status.chunks.total).toBeGreaterThan(1);
    const rows = referenceRows(entries.flatMap(csvRows), TEST_MAPPING, KEY);
    const header = (parse(a, { to: 1 }) as string[][])[0] ?? [];
    const output = await readObject(harness, status.output);
    expect(output.toString('utf8')).toBe(
      csvText(rows, outputColumns(parseMapping(TEST_MAPPING), header)),
    );
    expect(await settledLeftovers(harness, status.jobId)).toEqual(NOTHING_LEFT);
  });

  it('plans a Parquet file written by DuckDB from its footer and writes Parquet that DuckDB reads back as the reference', async () => {
    await duckdb(async (sql, dir) => {
      // Prepare: 3 row groups of 4,000 rows, written by another Parquet implementation.
      const path = join(dir, 'in.parquet');
      await sql(
        `COPY (SELECT i AS id, 'user' || i || '@example.com' AS email, 'Name, ' || i AS name, (i * 37 % 1000)::DOUBLE AS amount, i % 3 = 0 AS vip
               FROM range(12000) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 4000)`,
      );
      const input = await readFile(path);
      const inputRows = (await sql(`SELECT * FROM read_parquet('${path}') ORDER BY id`)).map(
        (r) => ({
          ...r,
          id: Number(r['id']),
        }),
      );
      const source = { bucket: harness.resources.buckets.source, key: 'in/users.parquet' };

      // Act
      await harness.store.put(source, input, 'application/vnd.apache.parquet');
      const status = await waitForJob(harness, source);

      // Assess
      expect(status.state).toBe('succeeded');
      expect(status.chunks.total).toBeGreaterThan(1);
      const output = await readObject(harness, status.output);
      const outPath = join(dir, 'out.parquet');
      await writeFile(outPath, output);
      const outputRows = (await sql(`SELECT * FROM read_parquet('${outPath}')`)).map((r) => ({
        ...r,
        id: Number(r['id']),
      }));
      expect(outputRows).toEqual(referenceRows(inputRows, TEST_MAPPING, KEY));
    });
  });
});

describe('Inputs: a ZIP archive is read by range, never downloaded whole', () => {
  it('fetches its directory and its data entries, not the large entry in no data format', async () => {
    // Prepare: services that count the bytes their GetObject calls fetch.
    const harness = await createHarness(
      { CHUNKLINE_CHUNK_SIZE: '64KiB', CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0' },
      { startServices: false },
    );
    const counting = { COUNT_AWS_REQUESTS: '1' };
    const services = [
      harness.startService('dispatcher', 'dispatcher', counting),
      harness.startService('processor', 'processor', counting),
      harness.startService('merger', 'merger', counting),
    ];
    const data = Buffer.concat([...generateCsv({ seed: 4, targetBytes: 300 * KiB })]);
    const noise = Buffer.from(Array.from({ length: 6 * 1024 * KiB }, (_, i) => (i * 7919) % 251));
    const archive = await buildZip([
      { name: 'a.csv', data, compress: false },
      { name: 'video.bin', data: noise, compress: false },
      { name: 'b.csv', data, compress: false },
    ]);
    const source = { bucket: harness.resources.buckets.source, key: 'in/big.zip' };

    // Act
    await harness.store.put(source, archive, 'application/zip');
    const status = await waitForJob(harness, source);
    await Promise.all(services.map((s) => s.stop()));
    await harness.close();

    // Assess
    expect(status.state).toBe('succeeded');
    const fetchedBy = (name: string): number =>
      readLog(services.find((s) => s.name === name)?.logFile ?? '')
        .filter((line) => line.event === 'service.requests')
        .reduce((sum, line) => sum + Number(line['S3.GetObject.bytes'] ?? 0), 0);
    const all = ['dispatcher', 'processor', 'merger'].reduce((sum, n) => sum + fetchedBy(n), 0);
    // The processor reads its entries (each up to the next entry, or a bounded slack at the
    // end) and small staging objects; everything together stays below the one entry skipped.
    expect(fetchedBy('processor')).toBeGreaterThan(2 * data.length);
    expect(fetchedBy('processor')).toBeLessThan(archive.length - noise.length + 128 * KiB);
    expect(all).toBeLessThan(noise.length);
  });
});

describe('Inputs: bad input fails its job, naming the object, with nothing under the output key', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness({ CHUNKLINE_CHUNK_SIZE: '64KiB' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const csv = Buffer.concat([...generateCsv({ seed: 8, targetBytes: 100 * KiB })]);
  const patchedZip = async (
    patch: (archive: Buffer, central: number, local: number) => void,
  ): Promise<Buffer> => {
    const archive = Buffer.from(await buildZip([{ name: 'a.csv', data: csv, compress: false }]));
    patch(archive, archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])), 0);
    return archive;
  };

  it.each([
    {
      name: 'a truncated gzip',
      key: 'bad/cut.csv.gz',
      body: async () => gzipSync(csv).subarray(0, 5000),
      says: /not a valid gzip stream/,
    },
    {
      name: 'a corrupt Parquet footer',
      key: 'bad/broken.parquet',
      body: async () =>
        Buffer.concat([
          Buffer.from('PAR1'),
          Buffer.alloc(64, 1),
          Buffer.from([0xff, 0xff, 0, 0]),
          Buffer.from('PAR1'),
        ]),
      says: /CorruptParquet/,
    },
    {
      name: 'a ZIP entry with a bad CRC',
      key: 'bad/crc.zip',
      body: () => patchedZip((a) => (a[200] = (a[200] ?? 0) ^ 0xff)),
      says: /entry a\.csv.*CRC/,
    },
    {
      name: 'an encrypted ZIP entry',
      key: 'bad/locked.zip',
      body: () => patchedZip((a, c) => a.writeUInt16LE(1, c + 8)),
      says: /a\.csv.*encrypted/i,
    },
    {
      name: 'an unsupported compression method',
      key: 'bad/bzip.zip',
      body: () => patchedZip((a, c) => a.writeUInt16LE(12, c + 10)),
      says: /a\.csv.*method 12 \(bzip2\)/,
    },
    {
      name: 'a JSON array that never closes',
      key: 'bad/open.json',
      body: async () => Buffer.from('[{"a":1},\n{"a":2},\n{"a":'),
      says: /before the array's closing \]/,
    },
    {
      name: 'magic bytes that contradict the extension',
      key: 'bad/really-gzip.csv',
      body: async () => gzipSync(csv),
      says: /contradicts its \.csv extension/,
    },
  ])('$name', async ({ key, body, says }) => {
    // Prepare
    const source = { bucket: harness.resources.buckets.source, key };

    // Act
    await harness.store.put(source, await body());
    const status = await waitForJob(harness, source);

    // Assess
    expect(status.state).toBe('failed');
    const told = `${status.reason ?? ''} ${status.errors.map((e) => e.message).join(' ')}`;
    expect(told).toMatch(says);
    expect(told).toContain(key);
    const outputs = [];
    for await (const item of harness.store.list(harness.resources.buckets.output, ''))
      outputs.push(item.key);
    expect(
      outputs.filter((k) => k.includes(key.replace(/\.[^.]*$/, '').split('/')[1] ?? key)),
    ).toEqual([]);
  });

  it('a prefix with no objects', async () => {
    // Act: a prefix job submitted by hand, as `chunkline submit s3://bucket/empty/` sends it.
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const { sqsClient } = await import('./support/inspect.ts');
    const source = { bucket: harness.resources.buckets.source, key: 'nothing-here/' };
    await sqsClient(harness).send(
      new SendMessageCommand({
        QueueUrl: harness.resources.queues.ingest.url,
        MessageBody: JSON.stringify({ v: 1, type: 'submit', source }),
      }),
    );
    const status = await waitForJob(harness, source);

    // Assess
    expect(status.state).toBe('failed');
    expect(status.reason).toMatch(/the prefix s3:\/\/.*\/nothing-here\/ holds no objects/);
  });
});
