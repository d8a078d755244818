import { spawnSync } from 'node:child_process';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, waitForJob } from './support/harness.ts';
import type { Harness } from './support/harness.ts';
import { queueDepth, sqsClient, stagingKeys } from './support/inspect.ts';

/** Run the CLI as a user would, with the harness's environment. */
function chunkline(
  harness: Harness,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['cli/bin/chunkline.js', ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...harness.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('CLI: chunkline status, jobs, redrive and cleanup', () => {
  let harness: Harness;

  beforeAll(async () => {
    // No processors: messages stay where the test puts them.
    harness = await createHarness(
      { CHUNKLINE_ON_BAD_RECORD: 'fail' },
      { startServices: false, maxReceiveCount: 1 },
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('moves every message of the chunk DLQ back to the chunk queue and says how many', async () => {
    // Prepare
    const sqs = sqsClient(harness);
    const { url, dlq } = harness.resources.queues.chunk;
    for (const body of ['one', 'two', 'three'])
      await sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: body }));
    // Act
    const run = chunkline(harness, 'redrive', '--queue', 'chunk', '--json');
    // Assess
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ queue: 'chunk', moved: 3 });
    expect((await queueDepth(sqs, dlq.url)).visible).toBe(0);
    expect((await queueDepth(sqs, url)).visible).toBe(3);
  });

  it('refuses an unknown queue name with a usage error', () => {
    const run = chunkline(harness, 'redrive', '--queue', 'chunks');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--queue must be one of ingest, chunk, merge');
  });

  it('reports a failed job with its chunk, offset and line, then cleans it up', async () => {
    // Prepare: a record with too many fields fails its chunk; one receive is all it gets.
    const dispatcher = harness.startService('dispatcher');
    const processor = harness.startService('processor');
    const source = { bucket: harness.resources.buckets.source, key: 'bad/records.csv' };
    await harness.store.put(source, 'a,b\n1,2\n3,4,5\n6,7\n', 'text/csv');
    const status = await waitForJob(harness, source);
    await Promise.all([dispatcher.stop(), processor.stop()]);
    // Act
    const shown = chunkline(harness, 'status', `s3://${source.bucket}/${source.key}`, '--json');
    const listed = chunkline(harness, 'jobs', '--json');
    // A well-formed id of no job: its first hex digit differs from the real one.
    const unknownJobId = (status.jobId.startsWith('0') ? '1' : '0') + status.jobId.slice(1);
    const refused = chunkline(harness, 'cleanup', unknownJobId);
    const cleaned = chunkline(harness, 'cleanup', `s3://${source.bucket}/${source.key}`);
    // Assess
    expect(status.state).toBe('failed');
    expect(shown.status).toBe(1);
    const error = (
      JSON.parse(shown.stdout) as {
        errors: { index: number; offset: number; line: number; code: string }[];
      }
    ).errors[0];
    expect(error).toMatchObject({
      index: 0,
      offset: 'a,b\n1,2\n'.length,
      line: 2,
      code: 'BadRecord',
    });
    expect((JSON.parse(listed.stdout) as { jobId: string }[]).map((j) => j.jobId)).toContain(
      status.jobId,
    );
    expect(refused.status).not.toBe(0);
    expect(cleaned.status).toBe(0);
    expect(cleaned.stdout).toMatch(/^removed \d+ staging object\(s\)/);
    expect(await stagingKeys(harness, status.jobId)).toEqual([]);
    expect(await harness.store.head(status.output)).toBeUndefined();
  });

  it('shows usage with examples and exit statuses for every command', () => {
    // Act
    const overview = chunkline(harness, '--help');
    const upload = chunkline(harness, 'upload', '--help');
    const unknown = chunkline(harness, 'frobnicate', '--json');

    // Assess
    expect(overview.status).toBe(0);
    expect(overview.stdout).toContain('Examples:');
    expect(overview.stdout).toContain('130  interrupted');
    expect(upload.status).toBe(0);
    expect(upload.stdout).toMatch(/^Usage: chunkline upload <file> s3:\/\/bucket\/key/);
    expect(upload.stdout).toContain('chunkline upload ./dump.bin s3://backups/dump.bin --abort');
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout)).toEqual({
      error: { message: 'unknown command "frobnicate"; run chunkline --help', exitCode: 2 },
    });
  });

  it('prints one JSON document for submit, jobs and cleanup with --json, and progress per job', async () => {
    // Prepare
    const dispatcher = harness.startService('dispatcher', 'dispatcher-json');
    const source = { bucket: harness.resources.buckets.source, key: 'json/ok.csv' };
    await harness.store.put(source, 'a,b\n1,2\n', 'text/csv');
    const url = `s3://${source.bucket}/${source.key}`;

    // Act
    const submitted = chunkline(harness, 'submit', url, '--json');
    await dispatcher.stop();
    const listed = chunkline(harness, 'jobs');
    const cleaned = chunkline(harness, 'cleanup', url, '--force', '--json');

    // Assess
    expect(submitted.status).toBe(0);
    const status = JSON.parse(submitted.stdout) as { jobId: string; chunks: { total: number } };
    expect(status.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(listed.stdout).toContain(`${status.jobId}  planned`);
    expect(listed.stdout).toMatch(new RegExp(`0/${status.chunks.total} chunks`));
    expect(cleaned.status).toBe(0);
    expect(JSON.parse(cleaned.stdout)).toMatchObject({
      jobId: status.jobId,
      objects: expect.any(Number),
    });
    expect(await stagingKeys(harness, status.jobId)).toEqual([]);
  });
});
