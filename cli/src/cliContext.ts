import { S3ObjectStore, SqsMessageQueue, createS3Client, createSqsClient } from '@chunkline/aws';
import { parseCliConfig } from '@chunkline/config';
import type { CliConfig, Env } from '@chunkline/config';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue, ObjectStore } from '@chunkline/contracts';
import type { Staging } from '@chunkline/jobs';
import { CliError } from './cliError.ts';

/** What commands work with: the store, the staging location and, for submit, the ingest queue. */
export interface CliContext {
  readonly config: CliConfig;
  readonly store: ObjectStore;
  readonly staging: Staging;
  readonly sqs: SQSClient;
  ingestQueue(): MessageQueue;
  /** The URL of a work queue, or a usage error naming the variable to set. */
  queueUrl(role: QueueRole): string;
}

/** The three work queues, as `--queue` names them. */
export const QUEUE_ROLES = ['ingest', 'chunk', 'merge'] as const;
export type QueueRole = (typeof QUEUE_ROLES)[number];

const QUEUE_VARIABLES: Readonly<Record<QueueRole, string>> = {
  ingest: 'CHUNKLINE_INGEST_QUEUE_URL',
  chunk: 'CHUNKLINE_CHUNK_QUEUE_URL',
  merge: 'CHUNKLINE_MERGE_QUEUE_URL',
};

/** Build the context from the environment (the same variables the services read). */
export function createCliContext(env: Env): CliContext {
  const config = parseCliConfig(env);
  const store = new S3ObjectStore(createS3Client(config.aws));
  const sqs = createSqsClient(config.aws);
  const urls: Readonly<Record<QueueRole, string | undefined>> = {
    ingest: config.ingestQueueUrl,
    chunk: config.chunkQueueUrl,
    merge: config.mergeQueueUrl,
  };
  const queueUrl = (role: QueueRole): string => {
    const url = urls[role];
    if (!url)
      throw new CliError(
        `this command needs ${QUEUE_VARIABLES[role]}, the URL of the ${role} queue`,
      );
    return url;
  };
  return {
    config,
    store,
    staging: config.staging,
    sqs,
    ingestQueue: () => new SqsMessageQueue(sqs, queueUrl('ingest')),
    queueUrl,
  };
}
