import { S3ObjectStore, SqsMessageQueue, createS3Client, createSqsClient } from '@chunkline/aws';
import { parseCliConfig } from '@chunkline/config';
import type { CliConfig, Env } from '@chunkline/config';
import type { MessageQueue, ObjectStore } from '@chunkline/contracts';
import type { Staging } from '@chunkline/jobs';
import { CliError } from './cliError.ts';

/** What commands work with: the store, the staging location and, for submit, the ingest queue. */
export interface CliContext {
  readonly config: CliConfig;
  readonly store: ObjectStore;
  readonly staging: Staging;
  ingestQueue(): MessageQueue;
}

/** Build the context from the environment (the same variables the services read). */
export function createCliContext(env: Env): CliContext {
  const config = parseCliConfig(env);
  const store = new S3ObjectStore(createS3Client(config.aws));
  return {
    config,
    store,
    staging: config.staging,
    ingestQueue: () => {
      if (!config.ingestQueueUrl)
        throw new CliError(
          'submit needs CHUNKLINE_INGEST_QUEUE_URL, the queue the dispatcher consumes',
        );
      return new SqsMessageQueue(createSqsClient(config.aws), config.ingestQueueUrl);
    },
  };
}
