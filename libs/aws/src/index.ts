export { createS3Client, createSqsClient } from './clients.ts';
export { classifyError, statusOf } from './classifyError.ts';
export { S3ObjectStore } from './s3ObjectStore.ts';
export { SqsMessageQueue } from './sqsMessageQueue.ts';
export { redriveDeadLetters } from './redriveDeadLetters.ts';
export type { RedriveOutcome } from './redriveDeadLetters.ts';
export { S3ChecksumUploads } from './s3ChecksumUploads.ts';
export type { CompletedUpload, OpenChecksumUpload, UploadedPart } from './s3ChecksumUploads.ts';
export type { S3ObjectStoreOptions } from './s3ObjectStore.ts';
export {
  SecretSourceError,
  awsSecretReader,
  parseSecretKeys,
  resolveTokenizeKeys,
} from './secretSource.ts';
export type { SecretReader, TokenizeKeys } from './secretSource.ts';
export {
  COUNT_REQUESTS_ENV,
  countRequests,
  countingRequests,
  requestCounts,
} from './requestCounter.ts';
