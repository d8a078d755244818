import { SecretSourceError, countingRequests, requestCounts } from '@chunkline/aws';
import { ConfigErrors } from '@chunkline/config';
import type { ConsumerConfig } from '@chunkline/config';
import type { Logger } from '@chunkline/contracts';
import { startHealthServer } from './healthServer.ts';
import { createLogger } from './logger.ts';
import type { LogLevel } from './logger.ts';
import { createServiceMetrics } from './metrics.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { QueueWorker } from './queueWorker.ts';
import { readinessProbe } from './readiness.ts';
import type { ReadinessCheck } from './readiness.ts';

/** What a service's `start` returns once it is consuming. */
export interface StartedService {
  readonly worker: QueueWorker;
  /** What `/readyz` checks (its queue, its staging bucket); none means always ready. */
  readonly readiness?: readonly ReadinessCheck[];
}

/** What `runService` gives a service's `start` besides its config and logger. */
export interface ServiceContext {
  /** The service's metrics, served on `/metrics`. */
  readonly metrics: ServiceMetrics;
}

/**
 * The shared life of a service process: parse its configuration (a bad value prints every
 * problem, naming each variable, and exits with status 2), start its queue worker (a
 * `ConfigErrors` or an unreadable key source at start also exits with status 2) and its
 * endpoints (`/healthz`, `/readyz`, `/metrics`), and on SIGTERM or SIGINT stop receiving,
 * drain what it holds (at most `CHUNKLINE_DRAIN_SECONDS`), make what is still unfinished
 * visible again, and exit.
 */
export async function runService<
  C extends { readonly logLevel: LogLevel; readonly consumer: ConsumerConfig },
>(
  name: string,
  parseConfig: () => C,
  start: (
    config: C,
    log: Logger,
    context: ServiceContext,
  ) => StartedService | Promise<StartedService>,
): Promise<void> {
  let config: C;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigErrors) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(name, config.logLevel);
  const metrics = createServiceMetrics(name);
  let stopping = false;
  let started: StartedService;
  try {
    started = await start(config, log, { metrics });
  } catch (error) {
    if (error instanceof ConfigErrors || error instanceof SecretSourceError) {
      log.error('service.refused-to-start', { reason: error.message });
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { worker } = started;
  const health = await startHealthServer(
    config.consumer.healthPort,
    () => ({ healthy: !stopping, service: name, inFlight: worker.inFlight }),
    { ready: readinessProbe(started.readiness ?? []), metrics: () => metrics.exposition() },
  );
  log.info('service.started', { healthPort: health.port });
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('service.stopping', { signal, inFlight: worker.inFlight });
    const { drained, released } = await worker.stop(config.consumer.drainSeconds * 1000);
    await health.close();
    if (countingRequests()) log.info('service.requests', requestCounts());
    log.info('service.stopped', { drained, released });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
