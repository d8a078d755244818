import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { LOCALSTACK_CREDENTIALS, LOCALSTACK_REGION } from './constants.ts';

/**
 * S3 client settings that work against LocalStack: path-style URLs (no `bucket.host` DNS needed),
 * and checksums only where S3 requires them (LocalStack and streaming bodies both stay simple).
 */
export function localStackS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: LOCALSTACK_REGION,
    credentials: { ...LOCALSTACK_CREDENTIALS },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/**
 * SQS client settings that work against LocalStack. Because `endpoint` is set, the SDK sends
 * every request there whatever host a queue URL names.
 */
export function localStackSqsClientConfig(endpoint: string): SQSClientConfig {
  return {
    endpoint,
    region: LOCALSTACK_REGION,
    credentials: { ...LOCALSTACK_CREDENTIALS },
  };
}

/** A new S3 client for LocalStack at `endpoint`; call `destroy()` on it when done. */
export function createLocalStackS3Client(endpoint: string): S3Client {
  return new S3Client(localStackS3ClientConfig(endpoint));
}

/** A new SQS client for LocalStack at `endpoint`; call `destroy()` on it when done. */
export function createLocalStackSqsClient(endpoint: string): SQSClient {
  return new SQSClient(localStackSqsClientConfig(endpoint));
}
