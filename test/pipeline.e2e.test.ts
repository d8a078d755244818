import { generateCsv, generateJsonl } from '@chunkline/sample-data';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeStraddlingCsv } from './support/edgeStraddlingCsv.ts';
import { createHarness, readObject, waitForJob } from './support/harness.ts';
import type { Harness } from './support/harness.ts';
import { referenceTransform } from './support/referenceTransform.ts';
import { TEST_MAPPING } from './support/mappings.ts';

const MiB = 1024 * 1024;
const KEY = 'e2e-test-key-0123456789';
/** Real work per record, and a filter. */
const MAPPING = TEST_MAPPING;

describe('Pipeline: S3 event → dispatcher → processors → merger, on LocalStack', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness({
      CHUNKLINE_CHUNK_SIZE: '1MiB',
      CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '2MiB',
      CHUNKLINE_MAPPING: JSON.stringify(MAPPING),
      CHUNKLINE_TOKENIZE_KEY: KEY,
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('turns a 64 MiB CSV with multi-line quoted fields across every chunk edge into the reference output, byte for byte', async () => {
    // Prepare
    const input = edgeStraddlingCsv(64 * MiB, MiB);
    const source = { bucket: harness.resources.buckets.source, key: 'in/orders 2026.csv' };
    // Act: the upload's S3 event notification starts the job.
    await harness.store.put(source, input, 'text/csv');
    const status = await waitForJob(harness, source);
    // Assess
    expect(status.state).toBe('succeeded');
    expect(status.chunks.total).toBeGreaterThan(50);
    const output = await readObject(harness, status.output);
    const reference = referenceTransform(input, 'csv', MAPPING, KEY);
    expect(output.length).toBe(reference.length);
    expect(output.equals(reference)).toBe(true);
    expect(status.rows.out).toBe((parse(reference) as unknown[]).length - 1);
    expect(status.rows.in).toBe((parse(input) as unknown[]).length - 1);
    expect(await stagingKeys(harness, status.jobId)).toEqual([
      `chunkline/jobs/${status.jobId}/status.json`,
    ]);
  });

  it('turns a 64 MiB JSON Lines file into the reference output, byte for byte', async () => {
    const input = Buffer.concat([...generateJsonl({ seed: 5, targetBytes: 64 * MiB })]);
    const source = { bucket: harness.resources.buckets.source, key: 'in/events.jsonl' };
    await harness.store.put(source, input, 'application/x-ndjson');
    const status = await waitForJob(harness, source);
    expect(status.state).toBe('succeeded');
    expect(status.chunks.total).toBeGreaterThan(50);
    const output = await readObject(harness, status.output);
    expect(output.equals(referenceTransform(input, 'jsonl', MAPPING, KEY))).toBe(true);
  });

  it.each([
    {
      name: 'an object under the single-chunk threshold',
      key: 'in/small.csv',
      body: () => edgeStraddlingCsv(300_000, 100_000),
    },
    { name: 'an empty object', key: 'in/empty.csv', body: () => Buffer.alloc(0) },
    {
      name: 'a header-only CSV',
      key: 'in/header-only.csv',
      body: () =>
        Buffer.from('id,name,email,amount,currency,created_at,country,card,status,notes\n'),
    },
    {
      name: 'a CSV with a BOM and CRLF line ends',
      key: 'in/bom-crlf.csv',
      body: () =>
        Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          ...generateCsv({ seed: 9, targetBytes: 3 * MiB, lineEnding: '\r\n' }),
        ]),
    },
  ])('processes $name into the reference output', async ({ key, body }) => {
    const input = body();
    const source = { bucket: harness.resources.buckets.source, key };
    await harness.store.put(source, input, 'text/csv');
    const status = await waitForJob(harness, source);
    expect(status.state).toBe('succeeded');
    const output = await readObject(harness, status.output);
    expect(output.toString('utf8')).toBe(
      referenceTransform(input, 'csv', MAPPING, KEY).toString('utf8'),
    );
  });
});

async function stagingKeys(harness: Harness, jobId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of harness.store.list(harness.staging.bucket, `chunkline/jobs/${jobId}/`))
    keys.push(item.key);
  return keys;
}
