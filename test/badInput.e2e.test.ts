import { spawnSync } from 'node:child_process';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { serviceCommand } from '@chunkline/local-run';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, waitForJob } from './support/harness.ts';
import type { Harness } from './support/harness.ts';

describe('Services under bad input', () => {
  let harness: Harness;
  let sqs: SQSClient;

  beforeAll(async () => {
    harness = await createHarness({}, { processors: 1, maxReceiveCount: 2 });
    sqs = new SQSClient({
      endpoint: harness.resources.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('sends a malformed chunk message to the chunk DLQ and keeps serving jobs', async () => {
    // Prepare
    const bad = [
      'not json',
      JSON.stringify({ v: 1, type: 'chunk' }),
      JSON.stringify({ v: 99, type: 'chunk' }),
    ];
    // Act
    for (const body of bad)
      await sqs.send(
        new SendMessageCommand({ QueueUrl: harness.resources.queues.chunk.url, MessageBody: body }),
      );
    // Assess: all three end in the DLQ after maxReceiveCount receives …
    const deadline = Date.now() + 120_000;
    let inDlq = 0;
    while (Date.now() < deadline && inDlq < bad.length) {
      inDlq = await visibleMessages(sqs, harness.resources.queues.chunk.dlq.url);
      if (inDlq < bad.length) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(inDlq).toBe(bad.length);
    // … and the processor still runs and serves a real job.
    for (const service of harness.pipeline?.services ?? [])
      expect(service.child.exitCode).toBeNull();
    const source = { bucket: harness.resources.buckets.source, key: 'after-bad.csv' };
    await harness.store.put(source, 'a,b\n1,2\n', 'text/csv');
    expect((await waitForJob(harness, source)).state).toBe('succeeded');
  });

  it.each([
    { service: 'processor' as const, variable: 'CHUNKLINE_CONCURRENCY', value: 'lots' },
    { service: 'dispatcher' as const, variable: 'CHUNKLINE_CHUNK_SIZE', value: '12 parsecs' },
    { service: 'merger' as const, variable: 'CHUNKLINE_VISIBILITY_TIMEOUT', value: '1' },
    { service: 'dispatcher' as const, variable: 'CHUNKLINE_CHUNK_SIZ', value: '1MiB' },
  ])(
    'refuses to start the $service with $variable=$value, naming the variable',
    ({ service, variable, value }) => {
      // Act
      const { command, args, cwd } = serviceCommand(service);
      const run = spawnSync(command, args, {
        cwd,
        env: { ...process.env, ...harness.env, [variable]: value },
        encoding: 'utf8',
        timeout: 30_000,
      });
      // Assess
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(variable);
      expect(run.stderr).toContain(JSON.stringify(value));
    },
  );
});

async function visibleMessages(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? '0');
}
