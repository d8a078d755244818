import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  bootstrapLocalStack,
  createLocalStackS3Client,
  createLocalStackSqsClient,
  resolveLocalStack,
  type ChunklineResources,
  type LocalStackHandle,
} from '../src/index.ts';

const MAX_RECEIVE_COUNT = 2;

/**
 * The LocalStack for these tests: the one the repo's e2e global setup provides as `localstackEndpoint`
 * when run under it, else one resolved here (so the file also runs on its own).
 */
async function localStackForTests(): Promise<LocalStackHandle> {
  // The key is declared by the global setup's ProvidedContext augmentation, which may not be in scope here.
  const provided: unknown = (inject as (key: string) => unknown)('localstackEndpoint');
  if (typeof provided === 'string') {
    return { endpoint: provided, source: 'environment', stop: async () => undefined };
  }
  return resolveLocalStack({ log: (line) => console.log(line) });
}

/** The parts of an S3 event notification record these tests look at. */
interface ObjectCreatedRecord {
  readonly eventName: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** S3 URL-encodes keys in events (AWS writes spaces as `+`, LocalStack as `%20`); this decodes both. */
function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** `'test-event'` for S3's `s3:TestEvent`, the ObjectCreated records for a real event, else throws. */
function parseS3Message(body: string): 'test-event' | ObjectCreatedRecord[] {
  const parsed: unknown = JSON.parse(body);
  if (isRecord(parsed) && parsed['Event'] === 's3:TestEvent') return 'test-event';
  if (!isRecord(parsed) || !Array.isArray(parsed['Records']))
    throw new Error(`not an S3 event: ${body}`);
  return parsed['Records'].map((record: unknown): ObjectCreatedRecord => {
    const s3 = isRecord(record) ? record['s3'] : undefined;
    const bucket = isRecord(s3) ? s3['bucket'] : undefined;
    const object = isRecord(s3) ? s3['object'] : undefined;
    if (!isRecord(record) || !isRecord(bucket) || !isRecord(object))
      throw new Error(`malformed S3 record: ${body}`);
    return {
      eventName: String(record['eventName']),
      bucket: String(bucket['name']),
      key: decodeEventKey(String(object['key'])),
      size: Number(object['size']),
    };
  });
}

describe('bootstrapLocalStack against a resolved LocalStack', () => {
  let localStack: LocalStackHandle | undefined;
  let resources: ChunklineResources;
  let s3: S3Client;
  let sqs: SQSClient;

  /** Receives and deletes everything on `queueUrl` until it has been empty for one long poll (at most `maxPolls`). */
  async function drain(queueUrl: string, maxPolls = 10): Promise<Message[]> {
    const messages: Message[] = [];
    for (let poll = 0; poll < maxPolls; poll++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        messages.push(message);
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
    return messages;
  }

  function prefix(): string {
    return `t${randomUUID().slice(0, 8)}-`;
  }

  beforeAll(async () => {
    localStack = await localStackForTests();
    resources = await bootstrapLocalStack(
      localStack.endpoint,
      { prefix: prefix() },
      { maxReceiveCount: MAX_RECEIVE_COUNT },
    );
    s3 = createLocalStackS3Client(localStack.endpoint);
    sqs = createLocalStackSqsClient(localStack.endpoint);
  }, 300_000);

  afterAll(async () => {
    s3?.destroy();
    sqs?.destroy();
    await localStack?.stop();
  }, 30_000);

  it('announces an object uploaded to the source bucket as ObjectCreated on the ingest queue', async () => {
    const key = `incoming/${randomUUID()}/sales 2024+q1 ü.csv`;
    const body = 'id,amount\n1,10\n';
    await s3.send(new PutObjectCommand({ Bucket: resources.buckets.source, Key: key, Body: body }));

    const messages = await drain(resources.queues.ingest.url);
    const parsed = messages.map((message) => parseS3Message(message.Body ?? ''));
    const records = parsed.flatMap((entry) => (entry === 'test-event' ? [] : entry));

    expect(parsed.filter((entry) => entry === 'test-event').length).toBeLessThanOrEqual(1);
    expect(records).toEqual([
      { eventName: 'ObjectCreated:Put', bucket: resources.buckets.source, key, size: body.length },
    ]);
  });

  it('moves a message received more than maxReceiveCount times to the dead-letter queue', async () => {
    const queue = resources.queues.chunk;
    const body = `poison-${randomUUID()}`;
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));

    let deliveries = 0;
    for (let attempt = 0; attempt < MAX_RECEIVE_COUNT + 3; attempt++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 1 }),
      );
      const message = Messages[0];
      if (message === undefined) break;
      expect(message.Body).toBe(body);
      deliveries++;
      // A worker that fails hands the message back at once instead of waiting out the visibility timeout.
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queue.url,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }

    expect(deliveries).toBe(MAX_RECEIVE_COUNT);
    const deadLetters = await drain(queue.dlq.url);
    expect(deadLetters.map((message) => message.Body)).toEqual([body]);
  });

  it('is idempotent and sends exactly one s3:TestEvent however often it runs', async () => {
    const names = { prefix: prefix() };
    const first = await bootstrapLocalStack(resources.endpoint, names);
    const second = await bootstrapLocalStack(resources.endpoint, names);

    expect(second).toEqual(first);
    const messages = await drain(first.queues.ingest.url);
    expect(messages.map((message) => parseS3Message(message.Body ?? ''))).toEqual(['test-event']);
  });
});
