export { resolveLocalStack, type ResolveLocalStackOptions } from './resolveLocalStack.ts';
export type { LocalStackHandle, LocalStackSource, LogLine } from './types.ts';
export {
  bootstrapLocalStack,
  type BootstrapOptions,
  type ChunklineQueue,
  type ChunklineResources,
  type QueueResource,
} from './bootstrap.ts';
export {
  DEFAULT_RESOURCE_PREFIX,
  DLQ_SUFFIX,
  QUEUE_ROLES,
  resolveResourceNames,
  type ChunklineResourceNames,
  type QueueRole,
  type ResolvedResourceNames,
} from './resourceNames.ts';
export {
  createLocalStackS3Client,
  createLocalStackSqsClient,
  localStackS3ClientConfig,
  localStackSqsClientConfig,
} from './awsClientConfig.ts';
export {
  fetchLocalStackHealth,
  waitForLocalStackHealth,
  type LocalStackHealth,
  type WaitForHealthOptions,
} from './health.ts';
export {
  ENDPOINT_ENV_VAR,
  LOCALSTACK_ACCOUNT_ID,
  LOCALSTACK_CREDENTIALS,
  LOCALSTACK_IMAGE,
  LOCALSTACK_REGION,
  LOCALSTACK_VERSION,
} from './constants.ts';
