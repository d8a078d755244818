export { createS3Client, createSqsClient } from './clients.ts';
export { classifyError, statusOf } from './classifyError.ts';
export { S3ObjectStore } from './s3ObjectStore.ts';
export { SqsMessageQueue } from './sqsMessageQueue.ts';
export { redriveDeadLetters } from './redriveDeadLetters.ts';
export type { RedriveOutcome } from './redriveDeadLetters.ts';
export {
  COUNT_REQUESTS_ENV,
  countRequests,
  countingRequests,
  requestCounts,
} from './requestCounter.ts';
