import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createLocalStackS3Client, createLocalStackSqsClient } from './awsClientConfig.ts';
import { LOCALSTACK_REGION, LOCALSTACK_SERVICES } from './constants.ts';
import { normalizeEndpoint } from './health.ts';
import {
  DLQ_SUFFIX,
  resolveResourceNames,
  type ChunklineResourceNames,
  type QueueRole,
} from './resourceNames.ts';

/** Tuning for {@link bootstrapLocalStack}. */
export interface BootstrapOptions {
  /** Receives after which a message moves to its dead-letter queue (RedrivePolicy). 1-1000, default 3. */
  readonly maxReceiveCount?: number;
  /** Default visibility timeout of the three work queues, in seconds. 0-43200, default 30. */
  readonly visibilityTimeoutSeconds?: number;
}

/** A queue's name, URL and ARN. */
export interface QueueResource {
  readonly name: string;
  /** Use as `QueueUrl`; its host depends on how LocalStack was started, so never build URLs by hand. */
  readonly url: string;
  readonly arn: string;
}

/** A work queue and its dead-letter queue. */
export interface ChunklineQueue extends QueueResource {
  readonly dlq: QueueResource;
}

/** Everything {@link bootstrapLocalStack} created, for wiring services and tests. */
export interface ChunklineResources {
  /** The LocalStack endpoint the resources live in. */
  readonly endpoint: string;
  readonly region: string;
  /** Bucket names; two roles may share a bucket. */
  readonly buckets: { readonly source: string; readonly output: string; readonly staging: string };
  /** Work queues; `ingest` receives the source bucket's `s3:ObjectCreated:*` notifications (plus one `s3:TestEvent`). */
  readonly queues: Readonly<Record<QueueRole, ChunklineQueue>>;
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
}

/** Two weeks, SQS's maximum, so dead letters wait for a human. */
const DLQ_RETENTION_SECONDS = '1209600';
const NOTIFICATION_ID = 'chunkline-ingest';
const NOTIFICATION_EVENT = 's3:ObjectCreated:*';

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}; got ${value}.`);
  }
  return value;
}

async function step<T>(endpoint: string, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(
      `Bootstrapping Chunkline resources in LocalStack at ${endpoint} failed while ${what}: ${reason}. ` +
        `Check that LocalStack runs there with SERVICES=${LOCALSTACK_SERVICES.join(',')} (GET ${endpoint}/_localstack/health).`,
      { cause: error },
    );
  }
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (error instanceof Error && error.name === 'BucketAlreadyOwnedByYou') return;
    throw error;
  }
}

/** Creates `name` if needed (CreateQueue without attributes never conflicts), then sets `attributes` on it. */
async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: (arn: string) => Record<string, string>,
): Promise<QueueResource> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = created.QueueUrl;
  if (url === undefined) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
  const read = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = read.Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`GetQueueAttributes ${name} returned no QueueArn`);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes(arn) }));
  return { name, url, arn };
}

/** Queue policy letting S3 notifications from `bucket` (and only it) be sent to the queue `queueArn`. */
function s3SendPolicy(queueArn: string, bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowS3ObjectCreatedNotifications',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${bucket}` } },
      },
    ],
  });
}

function isWanted(current: NotificationConfiguration, queueArn: string): boolean {
  const queues = current.QueueConfigurations ?? [];
  return (
    queues.length === 1 &&
    queues[0]?.QueueArn === queueArn &&
    queues[0].Events?.length === 1 &&
    queues[0].Events[0] === NOTIFICATION_EVENT &&
    queues[0].Filter === undefined &&
    (current.TopicConfigurations ?? []).length === 0 &&
    (current.LambdaFunctionConfigurations ?? []).length === 0 &&
    current.EventBridgeConfiguration === undefined
  );
}

/**
 * Points the source bucket's `s3:ObjectCreated:*` notifications at the ingest queue. Skipped when already so, because
 * every PutBucketNotificationConfiguration makes S3 send another `s3:TestEvent` message.
 */
async function ensureNotification(s3: S3Client, bucket: string, queueArn: string): Promise<void> {
  const current = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  if (isWanted(current, queueArn)) return;
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          { Id: NOTIFICATION_ID, QueueArn: queueArn, Events: [NOTIFICATION_EVENT] },
        ],
      },
    }),
  );
}

/**
 * Creates Chunkline's buckets and queues in the LocalStack at `endpoint`: source, output and staging buckets; `ingest`,
 * `chunk` and `merge` queues, each with a `<name>-dlq` dead-letter queue (RedrivePolicy `maxReceiveCount`); a policy on
 * the ingest queue allowing S3 to send; and the source bucket's `s3:ObjectCreated:*` notification to the ingest queue.
 *
 * Idempotent: running it again converges attributes and returns the same resources without a second `s3:TestEvent`.
 * The first run leaves one `s3:TestEvent` message on the ingest queue; consumers must ignore it.
 */
export async function bootstrapLocalStack(
  endpoint: string,
  names: ChunklineResourceNames = {},
  options: BootstrapOptions = {},
): Promise<ChunklineResources> {
  const base = normalizeEndpoint(endpoint);
  const resolved = resolveResourceNames(names);
  const maxReceiveCount = checkedInteger('maxReceiveCount', options.maxReceiveCount ?? 3, 1, 1000);
  const visibilityTimeoutSeconds = checkedInteger(
    'visibilityTimeoutSeconds',
    options.visibilityTimeoutSeconds ?? 30,
    0,
    43_200,
  );
  const s3 = createLocalStackS3Client(base);
  const sqs = createLocalStackSqsClient(base);
  try {
    for (const bucket of new Set(Object.values(resolved.buckets))) {
      await step(base, `creating bucket ${bucket}`, () => ensureBucket(s3, bucket));
    }
    const queueFor = async (role: QueueRole): Promise<ChunklineQueue> => {
      const name = resolved.queues[role];
      const dlq = await step(base, `creating queue ${name}${DLQ_SUFFIX}`, () =>
        ensureQueue(sqs, `${name}${DLQ_SUFFIX}`, () => ({
          MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
        })),
      );
      const queue = await step(base, `creating queue ${name}`, () =>
        ensureQueue(sqs, name, (arn) => ({
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
          ...(role === 'ingest' ? { Policy: s3SendPolicy(arn, resolved.buckets.source) } : {}),
        })),
      );
      return { ...queue, dlq };
    };
    const [ingest, chunk, merge] = await Promise.all([
      queueFor('ingest'),
      queueFor('chunk'),
      queueFor('merge'),
    ]);
    await step(
      base,
      `configuring notifications from bucket ${resolved.buckets.source} to queue ${ingest.name}`,
      () => ensureNotification(s3, resolved.buckets.source, ingest.arn),
    );
    return {
      endpoint: base,
      region: LOCALSTACK_REGION,
      buckets: resolved.buckets,
      queues: { ingest, chunk, merge },
      maxReceiveCount,
      visibilityTimeoutSeconds,
    };
  } finally {
    s3.destroy();
    sqs.destroy();
  }
}
