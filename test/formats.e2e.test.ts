import { spawnSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Row } from '@chunkline/contracts';
import { generateCsv, generateJsonl } from '@chunkline/sample-data';
import { outputColumns, parseMapping } from '@chunkline/transforms';
import { parse } from 'csv-parse/sync';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createLocalStackS3Client } from '@chunkline/localstack';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHarness, readObject, waitForJob } from './support/harness.ts';
import type { Harness } from './support/harness.ts';
import { NOTHING_LEFT, settledLeftovers } from './support/inspect.ts';
import { TEST_MAPPING } from './support/mappings.ts';
import { csvText, parseJsonl, referenceRows } from './support/referenceRows.ts';

const KEY = 'e2e-formats-key-0123456789';
const KiB = 1024;

/** Run the CLI as a user would, with the harness's environment. */
function chunkline(
  harness: Harness,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['cli/bin/chunkline.js', ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...harness.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("Formats: a prefix of gzip'd JSON Lines filtered into one CSV, on LocalStack", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness({
      CHUNKLINE_MAPPING: JSON.stringify(TEST_MAPPING),
      CHUNKLINE_TOKENIZE_KEY: KEY,
      CHUNKLINE_OUTPUT_FORMAT: 'csv',
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('processes 120 .jsonl.gz objects submitted as a prefix into the reference CSV, in key order', async () => {
    // Prepare: a bucket without event notifications, so only the submitted prefix makes a job.
    const bucket = `${harness.resources.buckets.source}-archive`;
    await createLocalStackS3Client(inject('localstackEndpoint')).send(
      new CreateBucketCommand({ Bucket: bucket }),
    );
    const prefix = 'exports/2026-11-22/';
    const inputs: Row[] = [];
    const keys = Array.from(
      { length: 120 },
      (_, i) => `${prefix}part-${String(i).padStart(4, '0')}.jsonl.gz`,
    );
    for (const [i, key] of keys.entries()) {
      const body = Buffer.concat([...generateJsonl({ seed: 100 + i, targetBytes: 8 * KiB })]);
      inputs.push(...parseJsonl(body.toString('utf8')));
      await harness.store.put({ bucket: bucket, key }, gzipSync(body), 'application/gzip');
    }

    // Act
    const run = chunkline(harness, 'submit', `s3://${bucket}/${prefix}`);
    const status = await waitForJob(harness, { bucket: bucket, key: prefix });

    // Assess
    expect(run.status, run.stderr).toBe(0);
    expect(status.state).toBe('succeeded');
    expect(status.chunks.total).toBe(120);
    expect(status.objects?.length).toBe(120);
    expect(status.objects?.every((o) => o.chunks.done === 1)).toBe(true);
    const rows = referenceRows(inputs, TEST_MAPPING, KEY);
    const columns = outputColumns(parseMapping(TEST_MAPPING), Object.keys(inputs[0] ?? {}));
    const output = (await readObject(harness, status.output)).toString('utf8');
    expect(output).toBe(csvText(rows, columns));
    expect(status.rows.in).toBe(inputs.length);
    expect(status.rows.out).toBe(rows.length);
    expect(await settledLeftovers(harness, status.jobId)).toEqual(NOTHING_LEFT);
  });
});

describe('Formats: every output format and compression of one CSV, on LocalStack', () => {
  let harness: Harness;
  const input = Buffer.concat([...generateCsv({ seed: 9, targetBytes: 1200 * KiB })]);
  const [header = [], ...records] = parse(input) as string[][];
  const inputRows: Row[] = records.map((values) =>
    Object.fromEntries(header.map((name, i) => [name, values[i] ?? ''])),
  );
  const rows = referenceRows(inputRows, TEST_MAPPING, KEY);
  const columns = outputColumns(parseMapping(TEST_MAPPING), header);

  beforeAll(async () => {
    harness = await createHarness(
      { CHUNKLINE_MAPPING: JSON.stringify(TEST_MAPPING), CHUNKLINE_TOKENIZE_KEY: KEY },
      { startServices: false },
    );
    harness.startService('processor', 'processor-1');
    harness.startService('processor', 'processor-2');
    harness.startService('merger');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.each([
    { format: 'jsonl', compression: 'none', read: (b: Buffer) => parseJsonl(b.toString('utf8')) },
    {
      format: 'json',
      compression: 'none',
      read: (b: Buffer) => JSON.parse(b.toString('utf8')) as Row[],
    },
    {
      format: 'json',
      compression: 'gzip',
      read: (b: Buffer) => JSON.parse(gunzipSync(b).toString('utf8')) as Row[],
    },
    {
      format: 'jsonl',
      compression: 'gzip',
      read: (b: Buffer) => parseJsonl(gunzipSync(b).toString('utf8')),
    },
  ])(
    'writes $format output with compression $compression equal to the reference rows',
    async ({ format, compression, read }) => {
      // Prepare: a dispatcher with this output configuration.
      const dispatcher = harness.startService('dispatcher', `dispatcher-${format}-${compression}`, {
        CHUNKLINE_CHUNK_SIZE: '128KiB',
        CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0',
        CHUNKLINE_OUTPUT_FORMAT: format,
        CHUNKLINE_OUTPUT_COMPRESSION: compression,
      });
      const source = {
        bucket: harness.resources.buckets.source,
        key: `in/${format}-${compression}.csv`,
      };

      // Act
      await harness.store.put(source, input, 'text/csv');
      const status = await waitForJob(harness, source);
      await dispatcher.stop();

      // Assess
      expect(status.state).toBe('succeeded');
      expect(status.chunks.total).toBeGreaterThan(5);
      const output = await readObject(harness, status.output);
      expect(read(output)).toEqual(rows);
      expect(
        status.output.key.endsWith(compression === 'gzip' ? `.${format}.gz` : `.${format}`),
      ).toBe(true);
    },
  );

  it('writes gzip CSV output that gunzip reads back as the reference CSV', async () => {
    // Prepare
    const dispatcher = harness.startService('dispatcher', 'dispatcher-csv-gzip', {
      CHUNKLINE_CHUNK_SIZE: '128KiB',
      CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0',
      CHUNKLINE_OUTPUT_COMPRESSION: 'gzip',
    });
    const source = { bucket: harness.resources.buckets.source, key: 'in/csv-gzip.csv' };

    // Act
    await harness.store.put(source, input, 'text/csv');
    const status = await waitForJob(harness, source);
    await dispatcher.stop();

    // Assess
    expect(status.state).toBe('succeeded');
    const output = await readObject(harness, status.output);
    const gunzip = spawnSync('gunzip', ['-c'], { input: output });
    expect(gunzip.status).toBe(0);
    expect(gunzip.stdout.toString('utf8')).toBe(csvText(rows, columns));
    expect(gunzipSync(output).toString('utf8')).toBe(csvText(rows, columns));
  });
});
