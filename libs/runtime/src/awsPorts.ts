import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  S3ObjectStore,
  SqsMessageQueue,
  awsSecretReader,
  createS3Client,
  createSqsClient,
  resolveTokenizeKeys,
} from '@chunkline/aws';
import type { TokenizeKeys } from '@chunkline/aws';
import type { AwsConfig, TokenizeKeyReference } from '@chunkline/config';
import type { ReadinessCheck } from './readiness.ts';

/** The adapters a service wires: the object store, and queues by URL. */
export interface AwsPorts {
  readonly sqs: SQSClient;
  readonly store: S3ObjectStore;
  queue(url: string): SqsMessageQueue;
  /** `/readyz` checks: GetQueueAttributes on each queue, HeadBucket on the bucket. */
  readiness(queueUrls: readonly string[], bucket: string): ReadinessCheck[];
  /**
   * The tokenization keys, resolved once at start: `CHUNKLINE_TOKENIZE_KEY`, or the
   * Secrets Manager secret / SSM parameter it references, plus previous keys.
   */
  tokenizeKeys(config: {
    readonly tokenizeKey?: string | undefined;
    readonly tokenizeKeyReference?: TokenizeKeyReference | undefined;
    readonly previousTokenizeKeys?: readonly string[] | undefined;
  }): Promise<TokenizeKeys>;
}

/**
 * Create the S3 and SQS adapters for this configuration; every S3 request carries
 * `ExpectedBucketOwner` when `aws.expectedBucketOwner` is set.
 */
export function awsPorts(aws: AwsConfig): AwsPorts {
  const sqs = createSqsClient(aws);
  const store = new S3ObjectStore(createS3Client(aws), {
    expectedBucketOwner: aws.expectedBucketOwner,
  });
  const queue = (url: string): SqsMessageQueue => new SqsMessageQueue(sqs, url);
  return {
    sqs,
    store,
    queue,
    readiness: (queueUrls, bucket) => [
      ...queueUrls.map((url) => ({
        name: `queue ${url.slice(url.lastIndexOf('/') + 1)}`,
        run: (signal: AbortSignal) => queue(url).probe({ abortSignal: signal }),
      })),
      {
        name: `bucket ${bucket}`,
        run: (signal) => store.probeBucket(bucket, { abortSignal: signal }),
      },
    ],
    tokenizeKeys: (config) => resolveTokenizeKeys(config, awsSecretReader(aws)),
  };
}
