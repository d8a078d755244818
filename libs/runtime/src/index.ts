export { LOG_LEVELS, createLogger } from './logger.ts';
export type { LogLevel } from './logger.ts';
export { startHealthServer } from './healthServer.ts';
export type { HealthServer } from './healthServer.ts';
export { retryDelaySeconds, startQueueWorker } from './queueWorker.ts';
export type {
  MessageHandler,
  QueueWorker,
  QueueWorkerOptions,
  ReceivedMessage,
} from './queueWorker.ts';
export { runService } from './runService.ts';
export type { StartedService } from './runService.ts';
export { loadUserTransform } from './loadUserTransform.ts';
export type { LoadedTransform } from './loadUserTransform.ts';
export { awsPorts } from './awsPorts.ts';
export type { AwsPorts } from './awsPorts.ts';
export { VISIBILITY_CEILING_SECONDS, heartbeatExtension, startHeartbeat } from './heartbeat.ts';
export type { Heartbeat } from './heartbeat.ts';
