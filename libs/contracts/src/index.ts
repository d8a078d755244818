export type { FieldValue, Row } from './row.ts';
export {
  ColumnType,
  InputFormat,
  OutputCompression,
  OutputFormat,
  QuoteState,
  RecordFormat,
} from './formats.ts';
export type { TypedColumn } from './formats.ts';
export type {
  ByteRange,
  CompletedPart,
  CreateOutcome,
  ListedObject,
  ObjectHead,
  ObjectRef,
  ObjectStore,
  OpenUpload,
  ReadOptions,
} from './objectStore.ts';
export { StoreError, StoreErrorCode, isStoreError } from './errors.ts';
export {
  MAX_MESSAGE_BYTES,
  MESSAGE_VERSION,
  chunkMessageSchema,
  mergeMessageSchema,
  submitMessageSchema,
} from './messages.ts';
export type { ChunkMessage, MergeMessage, SubmitMessage } from './messages.ts';
export { MessageError, MessageErrorCode } from './messageError.ts';
export { parseChunkMessage, parseJsonBody, parseWithSchema } from './parseMessage.ts';
export { decodeEventKey, parseIngestMessage } from './ingestMessage.ts';
export type { IngestMessage, ObjectCreated } from './ingestMessage.ts';
export {
  MANIFEST_VERSION,
  jobManifestSchema,
  jobSourceSchema,
  sourceFormatSchema,
  sourcePlanSchema,
  typedColumnSchema,
  zipEntrySchema,
} from './manifest.ts';
export type { JobManifest, JobSource, SourceFormat, SourcePlan, ZipEntryPlan } from './manifest.ts';
export { chunkFailureSchema, chunkResultSchema, jsonStateSchema } from './chunkResult.ts';
export type { ChunkFailure, ChunkResult } from './chunkResult.ts';
export { JobState, jobStatusSchema } from './jobStatus.ts';
export type { JobStatus } from './jobStatus.ts';
export type { MessageQueue } from './messageQueue.ts';
export { silentLogger } from './logger.ts';
export type { LogFields, Logger } from './logger.ts';
