export { LOG_LEVELS, createLogger } from './logger.ts';
export type { LogLevel } from './logger.ts';
export { startHealthServer } from './healthServer.ts';
export type { HealthServer, HealthServerOptions } from './healthServer.ts';
export { messageContext, retryDelaySeconds, startQueueWorker } from './queueWorker.ts';
export type {
  MessageHandler,
  QueueWorker,
  QueueWorkerOptions,
  ReceivedMessage,
} from './queueWorker.ts';
export { runService } from './runService.ts';
export type { ServiceContext, StartedService } from './runService.ts';
export { loadUserTransform, userTransformLoader } from './loadUserTransform.ts';
export type { LoadedTransform } from './loadUserTransform.ts';
export { awsPorts } from './awsPorts.ts';
export type { AwsPorts } from './awsPorts.ts';
export { VISIBILITY_CEILING_SECONDS, heartbeatExtension, startHeartbeat } from './heartbeat.ts';
export type { Heartbeat } from './heartbeat.ts';
export { createServiceMetrics } from './metrics.ts';
export type { ChunkFigures, MessageOutcome, ServiceMetrics } from './metrics.ts';
export { observeLog, recordChunk, recordMerge } from './recordOutcome.ts';
export { READINESS_CACHE_MS, READINESS_TIMEOUT_MS, readinessProbe } from './readiness.ts';
export type { ReadinessCheck, ReadinessReport } from './readiness.ts';
export { MAX_KEY_BYTES, objectKeyProblem } from './objectKey.ts';
export type { ObjectKeyProblem } from './objectKey.ts';
export { oneAtATimePerKey } from './oneAtATimePerKey.ts';
