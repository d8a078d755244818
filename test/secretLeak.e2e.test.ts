import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { JobStatus, ObjectRef } from '@chunkline/contracts';
import { findJobsForSource, readJobStatus } from '@chunkline/jobs';
import { createTokenizer, keyId } from '@chunkline/transforms';
import { describe, expect, it } from 'vitest';
import type { Harness } from './support/harness.ts';
import { createHarness, readObject, waitForJob } from './support/harness.ts';
import { eventually, queueDepth, release, sqsClient } from './support/inspect.ts';

/** The current tokenization key and the one before it: neither may appear anywhere. */
const KEY = 'LEAKCANARY-current-key-5b1e9c7f';
const OLD_KEY = 'LEAKCANARY-previous-key-0d4a82e6';
/**
 * Record values only the inputs hold (emails are tokenized, names hashed, notes dropped):
 * any piece of one, down to a few characters, counts as a leak.
 */
const RECORD_PATTERNS = [/canary\.\d/, /leak-test\.ex/, /Canarius\d/, /LEAKNOTE/];
const SECRETS = [KEY, OLD_KEY];

const MAPPING = {
  version: 1,
  module: 'guarded.mjs',
  fields: {
    email: { op: 'tokenize' },
    name: { op: 'hash' },
    card: { op: 'mask', keep: 4 },
    notes: { op: 'drop' },
  },
};
/** A user module with a bug on one record: it reads a property of `undefined`. */
const MODULE = `export default (row) => (row.id === '9999' ? row.missing.field : row);\n`;
const POISON_ID = 9999;

const csvRow = (id: number): string =>
  `${id},Canarius${id}Zq,canary.${id}@leak-test.example,4111-0000-${String(id).padStart(4, '0')},LEAKNOTE-${id},${id % 500}`;
const jsonRow = (id: number): string =>
  JSON.stringify({
    id: String(id),
    name: `Canarius${id}Zq`,
    email: `canary.${id}@leak-test.example`,
    notes: `LEAKNOTE-${id}`,
  });
const csv = (ids: readonly number[], extra: readonly string[] = []): string =>
  `${['id,name,email,card,notes,amount', ...ids.map(csvRow), ...extra].join('\n')}\n`;
const range = (from: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => from + i);

/** Every problem found: `<where>: <what leaked>`. */
function leaksIn(where: string, text: string): string[] {
  return [
    ...SECRETS.filter((secret) => text.includes(secret)).map(() => `${where}: a tokenization key`),
    ...RECORD_PATTERNS.flatMap((pattern) => {
      const found = pattern.exec(text);
      return found ? [`${where}: record value ${found[0]}`] : [];
    }),
  ];
}

/**
 * Read the messages of a queue without consuming them, until `seen` says all expected ones
 * were read: each is received once and hidden meanwhile, then made visible again. So each
 * counts as exactly one receive (the queues' `maxReceiveCount` is 2 here); a message read
 * again and again would reach the dead-letter queue before its service ever saw it.
 */
async function peek(
  sqs: SQSClient,
  url: string,
  seen: (bodies: readonly string[]) => boolean,
): Promise<string[]> {
  const messages = new Map<string, Message>();
  const bodies = (): string[] => [...messages.values()].map((m) => m.Body ?? '');
  await eventually(
    `the expected messages in ${url}`,
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 120,
          WaitTimeSeconds: 1,
        }),
      );
      for (const m of out.Messages ?? []) messages.set(m.MessageId ?? '', m);
      return seen(bodies()) ? true : undefined;
    },
    60_000,
    0,
  );
  await release(sqs, url, [...messages.values()]);
  return bodies();
}

/** Receive (and keep in flight) every message of a queue holding `count`. */
async function drain(sqs: SQSClient, url: string, count: number): Promise<string[]> {
  const bodies = new Map<string, string>();
  await eventually(
    `${count} messages in ${url}`,
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 300,
          WaitTimeSeconds: 1,
        }),
      );
      for (const m of out.Messages ?? []) bodies.set(m.MessageId ?? '', m.Body ?? '');
      return bodies.size >= count ? true : undefined;
    },
    120_000,
    0,
  );
  return [...bodies.values()];
}

/** The planned status of the job of each source, once all are planned. */
async function plannedJobs(harness: Harness, sources: readonly ObjectRef[]): Promise<JobStatus[]> {
  return eventually('every job planned', async () => {
    const statuses: JobStatus[] = [];
    for (const source of sources) {
      const [jobId] = await findJobsForSource(
        harness.store,
        harness.staging,
        source.bucket,
        source.key,
      );
      const status = jobId && (await readJobStatus(harness.store, harness.staging, jobId));
      if (!status) return undefined;
      statuses.push(status);
    }
    return statuses;
  });
}

/** Every object of a bucket, with its text. */
async function bucketTexts(harness: Harness, bucket: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for await (const item of harness.store.list(bucket, ''))
    texts.set(
      `s3://${bucket}/${item.key}`,
      Buffer.from(await harness.store.getBytes({ bucket, key: item.key })).toString('utf8'),
    );
  return texts;
}

describe('Secrets and record contents', () => {
  it('never appear in logs, manifests, messages or status objects, after success and after failures', async () => {
    // Prepare: the key comes from Secrets Manager (current and previous); the services start
    // one at a time so every message they send can be read before it is consumed.
    const moduleDir = mkdtempSync(join(tmpdir(), 'chunkline-leak-'));
    writeFileSync(join(moduleDir, 'guarded.mjs'), MODULE);
    const secretId = `chunkline-leak-${Date.now()}`;
    const harness = await createHarness(
      {
        CHUNKLINE_MAPPING: JSON.stringify(MAPPING),
        CHUNKLINE_TRANSFORM_MODULE_DIR: moduleDir,
        CHUNKLINE_TOKENIZE_KEY_SECRET_ID: secretId,
        CHUNKLINE_CHUNK_SIZE: '64KiB',
        CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0',
        CHUNKLINE_LOG_LEVEL: 'debug',
      },
      { startServices: false, maxReceiveCount: 2 },
    );
    const secrets = new SecretsManagerClient({
      endpoint: harness.resources.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await secrets.send(
      new CreateSecretCommand({
        Name: secretId,
        SecretString: JSON.stringify({ current: KEY, previous: [OLD_KEY] }),
      }),
    );
    const sqs = sqsClient(harness);
    const { queues, buckets } = harness.resources;
    const at = (key: string): ObjectRef => ({ bucket: buckets.source, key });
    const inputs = [
      { source: at('leak/ok.csv'), body: csv(range(1, 3000)), outcome: 'succeeded' },
      {
        source: at('leak/bad-record.csv'),
        body: csv(range(5001, 20), [`${csvRow(5100)},one-field-too-many`]),
        outcome: 'failed',
      },
      {
        source: at('leak/throws.csv'),
        body: csv([...range(6001, 20), POISON_ID]),
        outcome: 'failed',
      },
      {
        source: at('leak/bad-json.jsonl'),
        body: `${[...range(7001, 5).map(jsonRow), `{"id": "7100", "email": canary.7100@leak-test.example}`].join('\n')}\n`,
        outcome: 'failed',
      },
    ] as const;
    try {
      // Act: upload; read the S3 events, then each service's messages before the next
      // service starts.
      for (const { source, body } of inputs) await harness.store.put(source, body);
      const naming = (needles: readonly string[]) => (bodies: readonly string[]) =>
        needles.every((needle) => bodies.some((body) => body.includes(needle)));
      const sent = await peek(
        sqs,
        queues.ingest.url,
        naming(inputs.map(({ source }) => source.key)),
      );
      harness.startService('dispatcher');
      const planned = await plannedJobs(
        harness,
        inputs.map(({ source }) => source),
      );
      const chunkCount = planned.reduce((sum, job) => sum + job.chunks.total, 0);
      sent.push(
        ...(await peek(sqs, queues.chunk.url, (bodies) => new Set(bodies).size >= chunkCount)),
      );
      harness.startService('processor');
      const succeeded = planned[0]?.jobId ?? '';
      sent.push(...(await peek(sqs, queues.merge.url, naming([succeeded]))));
      harness.startService('merger');
      const ended = await Promise.all(inputs.map(({ source }) => waitForJob(harness, source)));
      const dead = await eventually('the three failing chunks in the chunk DLQ', async () => {
        const depth = await queueDepth(sqs, queues.chunk.dlq.url);
        return depth.visible + depth.inFlight >= 3 ? true : undefined;
      }).then(() => drain(sqs, queues.chunk.dlq.url, 3));
      await harness.close();

      // Assess: each job ended as designed, with its failure recorded
      expect(ended.map((status) => status.state)).toEqual(inputs.map((input) => input.outcome));
      const failures = ended.flatMap((status) => status.errors.map((e) => e.message)).join('\n');
      expect(failures).toContain('malformed');
      expect(failures).toContain('TypeError');
      // Assess: the scan would see a leak (the inputs and tokens are where they should be)
      const sources = await bucketTexts(harness, buckets.source);
      expect(leaksIn('source', [...sources.values()].join('\n')).length).toBeGreaterThan(0);
      const logs = readdirSync(harness.logDir).map((file) => ({
        where: `log ${file}`,
        text: readFileSync(join(harness.logDir, file), 'utf8'),
      }));
      expect(logs.map((log) => log.text).join('\n')).toContain(succeeded);
      // Assess: nothing leaked, anywhere
      const staging = await bucketTexts(harness, buckets.staging);
      const output = await bucketTexts(harness, buckets.output);
      const scanned = [
        ...logs,
        ...[...staging].map(([where, text]) => ({ where, text })),
        ...sent.map((text, i) => ({ where: `sent message ${i}`, text })),
        ...dead.map((text, i) => ({ where: `dead-letter ${i}`, text })),
        ...ended.map((status) => ({
          where: `status ${status.jobId}`,
          text: JSON.stringify(status),
        })),
      ];
      expect(scanned.flatMap(({ where, text }) => leaksIn(where, text))).toEqual([]);
      expect(
        [...output].filter(([, text]) => SECRETS.some((secret) => text.includes(secret))),
      ).toEqual([]);
      expect(sent.length).toBeGreaterThanOrEqual(planned.length + 1);
      expect([...staging.keys()].some((key) => key.endsWith('/manifest.json'))).toBe(true);
    } finally {
      await harness.close();
      secrets.destroy();
      rmSync(moduleDir, { recursive: true, force: true });
    }
  });
});

describe('Tokenization keys', () => {
  it('come from SSM or Secrets Manager, keep jobs planned before a rotation working, and fail a job whose key is missing, naming only its id', async () => {
    // Prepare: three keys; the processor and merger hold the second as current and the first
    // as previous (one Secrets Manager secret); the third is unknown to them.
    const keys = [
      'rotation-key-one-8f2c4a91',
      'rotation-key-two-1d7e3b05',
      'rotation-key-three-6a9f0c2e',
    ];
    const [first = '', second = '', third = ''] = keys;
    const harness = await createHarness(
      { CHUNKLINE_MAPPING: JSON.stringify({ version: 1, fields: { email: { op: 'tokenize' } } }) },
      { startServices: false, maxReceiveCount: 2 },
    );
    const client = {
      endpoint: harness.resources.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const ssm = new SSMClient(client);
    const secrets = new SecretsManagerClient(client);
    const parameter = `/chunkline/rotation-${Date.now()}/key`;
    const secretId = `chunkline-rotation-${Date.now()}`;
    await ssm.send(
      new PutParameterCommand({ Name: parameter, Value: first, Type: 'SecureString' }),
    );
    await secrets.send(
      new CreateSecretCommand({
        Name: secretId,
        SecretString: JSON.stringify({ current: second, previous: [first] }),
      }),
    );
    const sources = ['first', 'second', 'third'].map((name) => ({
      bucket: harness.resources.buckets.source,
      key: `rotation/${name}.jsonl`,
    }));
    const emails = range(1, 3).map((i) => `person.${i}@example.org`);
    const input = `${emails.map((email) => JSON.stringify({ email })).join('\n')}\n`;
    try {
      // Act: each job is planned by a dispatcher holding one key (the first from SSM)
      const dispatchers = [
        { CHUNKLINE_TOKENIZE_KEY_PARAMETER: parameter },
        { CHUNKLINE_TOKENIZE_KEY: second },
        { CHUNKLINE_TOKENIZE_KEY: third },
      ];
      for (const [i, env] of dispatchers.entries()) {
        const dispatcher = harness.startService('dispatcher', `dispatcher-${i + 1}`, env);
        await harness.store.put(sources[i] as ObjectRef, input);
        await plannedJobs(harness, [sources[i] as ObjectRef]);
        await dispatcher.stop();
      }
      const holding = { CHUNKLINE_TOKENIZE_KEY_SECRET_ID: secretId };
      harness.startService('processor', 'processor', holding);
      harness.startService('merger', 'merger', holding);
      const ended = await Promise.all(sources.map((source) => waitForJob(harness, source)));

      // Assess: the jobs planned with the first and second keys succeed, each with its key
      expect(ended.map((status) => status.state)).toEqual(['succeeded', 'succeeded', 'failed']);
      for (const [i, key] of [first, second].entries()) {
        const status = ended[i] as JobStatus;
        const output = (await readObject(harness, status.output)).toString('utf8');
        const tokenize = createTokenizer(key);
        expect(
          output
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as unknown),
        ).toEqual(emails.map((email) => ({ email: tokenize(email) })));
      }
      // Assess: the third fails at its first attempt, naming the key id and what to set
      const failure = ended[2]?.errors[0];
      expect(failure).toMatchObject({ code: 'TokenizeKeyMismatch', attempts: 1, final: true });
      expect(failure?.message).toContain(`tokenization key id ${keyId(third)}`);
      expect(failure?.message).toContain(`it holds key ids ${keyId(second)}, ${keyId(first)}`);
      expect(failure?.message).toContain('CHUNKLINE_TOKENIZE_PREVIOUS_KEYS');
      const logs = readdirSync(harness.logDir)
        .map((file) => readFileSync(join(harness.logDir, file), 'utf8'))
        .join('\n');
      expect(keys.filter((key) => `${logs}${JSON.stringify(ended)}`.includes(key))).toEqual([]);
    } finally {
      await harness.close();
      ssm.destroy();
      secrets.destroy();
    }
  });

  it.each([
    {
      variable: 'CHUNKLINE_TOKENIZE_KEY_SECRET_ID',
      env: { CHUNKLINE_TOKENIZE_KEY_SECRET_ID: 'chunkline/no-such-secret' },
      says: 'cannot read the Secrets Manager secret chunkline/no-such-secret',
    },
    {
      variable: 'CHUNKLINE_TOKENIZE_KEY_PARAMETER',
      env: { CHUNKLINE_TOKENIZE_KEY_PARAMETER: '/chunkline/no-such-parameter' },
      says: 'cannot read the SSM parameter /chunkline/no-such-parameter',
    },
    {
      variable: 'CHUNKLINE_TRANSFORM_MODULE_DIR',
      env: { CHUNKLINE_TRANSFORM_MODULE_DIR: '/no/such/directory' },
      says: 'CHUNKLINE_TRANSFORM_MODULE_DIR is "/no/such/directory"; allowed: an existing directory',
    },
  ])('stop a processor at start when $variable cannot be used', async ({ variable, env, says }) => {
    // Prepare
    const harness = await createHarness({}, { startServices: false });
    try {
      // Act
      const processor = harness.startService('processor', 'processor-refused', env);
      const code = await processor.exited;

      // Assess
      expect(code).toBe(2);
      const log = readFileSync(processor.logFile, 'utf8');
      expect(log).toContain(says);
      expect(log).toContain(variable);
    } finally {
      await harness.close();
    }
  });
});
