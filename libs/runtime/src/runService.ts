import { countingRequests, requestCounts } from '@chunkline/aws';
import { ConfigErrors } from '@chunkline/config';
import type { ConsumerConfig } from '@chunkline/config';
import type { Logger } from '@chunkline/contracts';
import { startHealthServer } from './healthServer.ts';
import { createLogger } from './logger.ts';
import type { LogLevel } from './logger.ts';
import type { QueueWorker } from './queueWorker.ts';

/** What a service's `start` returns once it is consuming. */
export interface StartedService {
  readonly worker: QueueWorker;
}

/**
 * The shared life of a service process: parse its configuration (a bad value prints every
 * problem, naming each variable, and exits with status 2), start its queue worker and
 * health endpoint, and on SIGTERM or SIGINT stop receiving, drain what it holds (at most
 * `CHUNKLINE_DRAIN_SECONDS`), make what is still unfinished visible again, and exit.
 */
export async function runService<
  C extends { readonly logLevel: LogLevel; readonly consumer: ConsumerConfig },
>(
  name: string,
  parseConfig: () => C,
  start: (config: C, log: Logger) => StartedService | Promise<StartedService>,
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
  let stopping = false;
  const { worker } = await start(config, log);
  const health = await startHealthServer(config.consumer.healthPort, () => ({
    healthy: !stopping,
    service: name,
    inFlight: worker.inFlight,
  }));
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
