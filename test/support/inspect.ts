import { readFileSync } from 'node:fs';
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import type { Harness } from './harness.ts';

/** An SQS client for the harness's LocalStack. */
export function sqsClient(harness: Harness): SQSClient {
  return new SQSClient({
    endpoint: harness.resources.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Messages in a queue, visible and in flight. */
export async function queueDepth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? '0'),
    inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? '0'),
  };
}

/** Depth of every work queue and DLQ, by name (`ingest`, `ingest-dlq`, …). */
export async function allQueueDepths(harness: Harness): Promise<Record<string, number>> {
  const sqs = sqsClient(harness);
  const depths: Record<string, number> = {};
  for (const [role, queue] of Object.entries(harness.resources.queues)) {
    const work = await queueDepth(sqs, queue.url);
    const dead = await queueDepth(sqs, queue.dlq.url);
    depths[role] = work.visible + work.inFlight;
    depths[`${role}-dlq`] = dead.visible + dead.inFlight;
  }
  return depths;
}

/** Open multipart uploads in the staging and output buckets. */
export async function openUploads(harness: Harness): Promise<string[]> {
  const open: string[] = [];
  for (const bucket of new Set([
    harness.resources.buckets.staging,
    harness.resources.buckets.output,
  ])) {
    for await (const upload of harness.store.listMultipartUploads(bucket, ''))
      open.push(`${bucket}/${upload.key}`);
  }
  return open;
}

/** Every key under a job's staging prefix. */
export async function stagingKeys(harness: Harness, jobId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of harness.store.list(
    harness.staging.bucket,
    `${harness.staging.prefix}jobs/${jobId}/`,
  ))
    keys.push(item.key);
  return keys;
}

/**
 * What every scenario checks at the end: after success only the job's `status.json` is
 * left in staging, no multipart upload is open, and no queue holds a message (DLQs
 * included, unless `expectDlq` says how many a queue's DLQ should hold).
 */
export async function leftBehind(
  harness: Harness,
  jobId: string,
  expectDlq: Partial<Record<'ingest' | 'chunk' | 'merge', number>> = {},
): Promise<{ staging: string[]; uploads: string[]; queues: Record<string, number> }> {
  const staging = (await stagingKeys(harness, jobId)).filter((k) => !k.endsWith('/status.json'));
  const queues = await allQueueDepths(harness);
  for (const [role, count] of Object.entries(expectDlq))
    queues[`${role}-dlq`] = (queues[`${role}-dlq`] ?? 0) - count;
  return {
    staging,
    uploads: await openUploads(harness),
    queues: Object.fromEntries(Object.entries(queues).filter(([, n]) => n !== 0)),
  };
}

/** What `leftBehind` finds when nothing is. */
export const NOTHING_LEFT = { staging: [], uploads: [], queues: {} };

/**
 * `leftBehind` once the job has settled, or after `timeoutMs`: a merger cleans up after it
 * writes the final status, and the services delete a message only after its work, so what
 * is left trails the status a little (a prefix job has hundreds of staging keys to delete).
 */
export async function settledLeftovers(
  harness: Harness,
  jobId: string,
  expectDlq: Parameters<typeof leftBehind>[2] = {},
  timeoutMs = 60_000,
): Promise<Awaited<ReturnType<typeof leftBehind>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await leftBehind(harness, jobId, expectDlq);
    const empty =
      last.staging.length === 0 &&
      last.uploads.length === 0 &&
      Object.keys(last.queues).length === 0;
    if (empty || Date.now() > deadline) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One JSON log line of a service. */
export interface LogLine {
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

/** The JSON lines a service has logged so far (other lines are skipped). */
export function readLog(logFile: string): LogLine[] {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Poll until `check` returns a value (not undefined), or fail after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 120_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Receive `count` distinct messages of a queue and keep them in flight for two minutes. */
export async function receiveMessages(
  sqs: SQSClient,
  queueUrl: string,
  count: number,
  timeoutMs = 60_000,
): Promise<Message[]> {
  const messages = new Map<string, Message>();
  await eventually(
    `${count} messages from ${queueUrl}`,
    async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, count - messages.size),
          VisibilityTimeout: 120,
          WaitTimeSeconds: 1,
        }),
      );
      for (const message of out.Messages ?? []) messages.set(message.MessageId ?? '', message);
      return messages.size >= count ? true : undefined;
    },
    timeoutMs,
    0,
  );
  return [...messages.values()];
}

/** Make held messages visible again at once. */
export async function release(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
): Promise<void> {
  for (let at = 0; at < messages.length; at += 10) {
    const entries = messages.slice(at, at + 10).map((m, i) => ({
      Id: String(i),
      ReceiptHandle: m.ReceiptHandle ?? '',
      VisibilityTimeout: 0,
    }));
    const out = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    if ((out.Failed ?? []).length > 0)
      throw new Error(`could not release messages of ${queueUrl}: ${JSON.stringify(out.Failed)}`);
  }
}
