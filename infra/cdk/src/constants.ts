/** The three Chunkline services, one Fargate service each. */
export const SERVICE_NAMES = ['dispatcher', 'processor', 'merger'] as const;

/** One of {@link SERVICE_NAMES}. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The three work queues; each has a dead-letter queue named `<queue>-dlq`. */
export const QUEUE_ROLES = ['ingest', 'chunk', 'merge'] as const;

/** One of {@link QUEUE_ROLES}. */
export type QueueRole = (typeof QUEUE_ROLES)[number];

/** Suffix of every dead-letter queue name; `chunkline redrive` finds a DLQ by it. */
export const DLQ_SUFFIX = '-dlq';

/** Port of each container's `/healthz` endpoint (`CHUNKLINE_HEALTH_PORT`). */
export const HEALTH_PORT = 8080;

/** SQS's longest retention, so dead letters wait for a human: 14 days. */
export const DLQ_RETENTION_DAYS = 14;

/** Fargate's longest stop timeout, in seconds. */
export const MAX_STOP_TIMEOUT_SECONDS = 120;

/** The queue each service consumes. */
export const CONSUMED_QUEUE: Readonly<Record<ServiceName, QueueRole>> = {
  dispatcher: 'ingest',
  processor: 'chunk',
  merger: 'merge',
};

/** The queue each service sends to, if any. */
export const SENT_QUEUE: Readonly<Record<ServiceName, QueueRole | undefined>> = {
  dispatcher: 'chunk',
  processor: 'merge',
  merger: undefined,
};
