import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsConfig } from '@chunkline/config';

/**
 * S3 client for Chunkline. Checksums are computed and validated only when an operation
 * requires them: the default CRC32 on every request costs CPU on the hot path and is not
 * supported the same way by every S3-compatible endpoint. Path-style addressing when an
 * endpoint is given (LocalStack).
 */
export function createS3Client(aws: AwsConfig): S3Client {
  return new S3Client({
    region: aws.region,
    ...(aws.endpoint
      ? { endpoint: aws.endpoint, forcePathStyle: true, credentials: localCredentials() }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
  });
}

/** SQS client for Chunkline. */
export function createSqsClient(aws: AwsConfig): SQSClient {
  return new SQSClient({
    region: aws.region,
    ...(aws.endpoint ? { endpoint: aws.endpoint, credentials: localCredentials() } : {}),
    maxAttempts: 5,
  });
}

/** LocalStack accepts any credentials; real ones from the environment still win. */
function localCredentials(): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  return {
    accessKeyId: process.env['AWS_ACCESS_KEY_ID'] ?? 'test',
    secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY'] ?? 'test',
  };
}
