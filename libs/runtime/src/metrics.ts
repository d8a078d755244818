import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Histogram buckets of a chunk's or a merge's duration, in seconds. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Histogram buckets of the queue receive lag, in seconds. */
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** What a message handler did with a message, as counted by `chunkline_messages_total`. */
export type MessageOutcome = 'acknowledged' | 'failed' | 'rejected';

/** The figures of one chunk a processor (or a merger re-running it) completed. */
export interface ChunkFigures {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly seconds: number;
}

/**
 * A service's Prometheus metrics, in their own registry (every series carries a `service`
 * label). Names follow Prometheus conventions (`chunkline_*`, units `_total`, `_seconds`,
 * `_bytes`); labels stay low-cardinality: queue names and outcomes, never job ids.
 */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** The Prometheus text exposition of every metric, with its content type. */
  exposition(): Promise<{ contentType: string; text: string }>;
  messageReceived(queue: string, lagSeconds: number | undefined): void;
  messageHandled(queue: string, outcome: MessageOutcome): void;
  heartbeat(queue: string): void;
  chunkProcessed(figures: ChunkFigures): void;
  /** A chunk that needed no work: a duplicate delivery, or its job had ended. */
  chunkSkipped(reason: 'duplicate' | 'job-ended'): void;
  /** A failed attempt: `retried` (the message comes back) or `job-failed` (permanent). */
  chunkFailed(kind: 'retried' | 'job-failed', seconds: number): void;
  mergeFinished(outcome: string, seconds: number, bytesOut: number): void;
  jobDispatched(created: boolean, chunks: number): void;
  objectRejected(reason: string): void;
}

/** Create the metrics of one service, with Node's default process metrics. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ) => new Histogram<L>({ name, help, buckets, labelNames, registers });

  const received = counter('chunkline_messages_received_total', 'Messages received', ['queue']);
  const handled = counter('chunkline_messages_total', 'Messages handled, by outcome', [
    'queue',
    'outcome',
  ]);
  const lag = histogram(
    'chunkline_queue_receive_lag_seconds',
    'Time from a message being sent to this service receiving it',
    LAG_BUCKETS,
    ['queue'],
  );
  const heartbeats = counter(
    'chunkline_heartbeats_total',
    'Visibility extensions sent for held messages',
    ['queue'],
  );
  const processed = counter('chunkline_chunks_processed_total', 'Chunks processed');
  const skipped = counter('chunkline_chunks_skipped_total', 'Chunk messages needing no work', [
    'reason',
  ]);
  const failed = counter('chunkline_chunks_failed_total', 'Failed chunk attempts', ['kind']);
  const rowsIn = counter('chunkline_rows_in_total', 'Records read by processed chunks');
  const rowsOut = counter('chunkline_rows_out_total', 'Records written by processed chunks');
  const bytesIn = counter('chunkline_bytes_in_total', 'Source bytes of processed chunks');
  const bytesOut = counter(
    'chunkline_bytes_out_total',
    'Bytes written: parts by processors, outputs by mergers',
  );
  const chunkDuration = histogram(
    'chunkline_chunk_duration_seconds',
    'Time to handle a chunk message that did work (processed or failed)',
    DURATION_BUCKETS,
  );
  const mergeDuration = histogram(
    'chunkline_merge_duration_seconds',
    'Time to handle a merge message',
    DURATION_BUCKETS,
    ['outcome'],
  );
  const jobs = counter('chunkline_jobs_dispatched_total', 'Jobs planned (new manifests)');
  const planned = counter('chunkline_chunks_planned_total', 'Chunks planned by new jobs');
  const rejected = counter('chunkline_objects_rejected_total', 'Objects refused at ingest', [
    'reason',
  ]);

  return {
    registry,
    exposition: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
    messageReceived: (queue, lagSeconds) => {
      received.inc({ queue });
      if (lagSeconds !== undefined) lag.observe({ queue }, Math.max(0, lagSeconds));
    },
    messageHandled: (queue, outcome) => handled.inc({ queue, outcome }),
    heartbeat: (queue) => heartbeats.inc({ queue }),
    chunkProcessed: (figures) => {
      processed.inc();
      rowsIn.inc(figures.rowsIn);
      rowsOut.inc(figures.rowsOut);
      bytesIn.inc(figures.bytesIn);
      bytesOut.inc(figures.bytesOut);
      chunkDuration.observe(figures.seconds);
    },
    chunkSkipped: (reason) => skipped.inc({ reason }),
    chunkFailed: (kind, seconds) => {
      failed.inc({ kind });
      chunkDuration.observe(seconds);
    },
    mergeFinished: (outcome, seconds, bytes) => {
      mergeDuration.observe({ outcome }, seconds);
      bytesOut.inc(bytes);
    },
    jobDispatched: (created, chunks) => {
      if (!created) return;
      jobs.inc();
      planned.inc(chunks);
    },
    objectRejected: (reason) => rejected.inc({ reason }),
  };
}
