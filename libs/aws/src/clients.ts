import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsConfig } from '@chunkline/config';
import { countRequests, countingRequests } from './requestCounter.ts';

/**
 * An S3 connection that moves no byte either way for this long is dead: the request fails
 * with a retryable `TimeoutError`. Without it a stalled read would hang its chunk for good,
 * the heartbeat keeping the message invisible for up to 12 hours.
 */
export const S3_SOCKET_IDLE_TIMEOUT_MS = 30_000;

/**
 * S3 client for Chunkline. Checksums are computed and validated only when an operation
 * requires them: the default CRC32 on every request costs CPU on the hot path and is not
 * supported the same way by every S3-compatible endpoint. Path-style addressing when an
 * endpoint is given (LocalStack). Idle connections time out after
 * `S3_SOCKET_IDLE_TIMEOUT_MS`. With `COUNT_AWS_REQUESTS=1`, its requests are counted
 * (see `requestCounts`).
 */
export function createS3Client(aws: AwsConfig): S3Client {
  const client = new S3Client({
    region: aws.region,
    ...(aws.endpoint
      ? { endpoint: aws.endpoint, forcePathStyle: true, credentials: localCredentials() }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
    requestHandler: { socketTimeout: S3_SOCKET_IDLE_TIMEOUT_MS },
  });
  if (countingRequests()) countRequests(client, 'S3');
  return client;
}

/** SQS client for Chunkline; its requests are counted with `COUNT_AWS_REQUESTS=1`. */
export function createSqsClient(aws: AwsConfig): SQSClient {
  const client = new SQSClient({
    region: aws.region,
    ...(aws.endpoint ? { endpoint: aws.endpoint, credentials: localCredentials() } : {}),
    maxAttempts: 5,
  });
  if (countingRequests()) countRequests(client, 'SQS');
  return client;
}

/** LocalStack accepts any credentials; real ones from the environment still win. */
export function localCredentials(): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  return {
    accessKeyId: process.env['AWS_ACCESS_KEY_ID'] ?? 'test',
    secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY'] ?? 'test',
  };
}
