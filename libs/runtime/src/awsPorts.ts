import type { SQSClient } from '@aws-sdk/client-sqs';
import { S3ObjectStore, SqsMessageQueue, createS3Client, createSqsClient } from '@chunkline/aws';
import type { AwsConfig } from '@chunkline/config';

/** The adapters a service wires: the object store, and queues by URL. */
export interface AwsPorts {
  readonly sqs: SQSClient;
  readonly store: S3ObjectStore;
  queue(url: string): SqsMessageQueue;
}

/** Create the S3 and SQS adapters for this configuration. */
export function awsPorts(aws: AwsConfig): AwsPorts {
  const sqs = createSqsClient(aws);
  return {
    sqs,
    store: new S3ObjectStore(createS3Client(aws)),
    queue: (url) => new SqsMessageQueue(sqs, url),
  };
}
