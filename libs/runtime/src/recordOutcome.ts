import type { LogFields, Logger } from '@chunkline/contracts';
import type { ServiceMetrics } from './metrics.ts';

/**
 * A logger that also hands every event it (or a child of it) writes to `observe`, with the
 * fields of that call: how figures a use case logs reach the metrics without the domain
 * code knowing about metrics.
 */
export function observeLog(
  log: Logger,
  observe: (event: string, fields: LogFields | undefined) => void,
): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (event: string, fields?: LogFields): void => {
      log[level](event, fields);
      observe(event, fields);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => observeLog(log.child(fields), observe),
  };
}

const numberIn = (fields: LogFields | object | undefined, name: string): number | undefined => {
  const value = (fields as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/** The event a processed chunk logs with its figures (`rowsIn`, `rowsOut`, `partBytes`). */
const CHUNK_PROCESSED = 'chunk.processed';

/**
 * Run one chunk message and record what it did: `processed` (with its rows and bytes,
 * taken from the outcome when it carries them, else from the `chunk.processed` event it
 * logged), `duplicate` or an ended job (skipped), `job-failed`, or a throw (a retried
 * failure, rethrown). `bytesIn` is the size of the chunk's byte range.
 */
export async function recordChunk<T extends { readonly kind: string }>(
  metrics: ServiceMetrics,
  log: Logger,
  bytesIn: number,
  run: (log: Logger) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let logged: LogFields | undefined;
  const observed = observeLog(log, (event, fields) => {
    if (event === CHUNK_PROCESSED) logged = fields;
  });
  let outcome: T;
  try {
    outcome = await run(observed);
  } catch (error) {
    metrics.chunkFailed('retried', seconds());
    throw error;
  }
  const figure = (name: string, logName = name): number =>
    numberIn(outcome, name) ?? numberIn(logged, logName) ?? 0;
  if (outcome.kind === 'processed') {
    metrics.chunkProcessed({
      rowsIn: figure('rowsIn'),
      rowsOut: figure('rowsOut'),
      bytesIn: numberIn(outcome, 'bytesIn') ?? bytesIn,
      bytesOut: figure('bytesOut', 'partBytes'),
      seconds: seconds(),
    });
  } else if (outcome.kind === 'duplicate') {
    metrics.chunkSkipped('duplicate');
  } else if ('reason' in outcome && String(outcome.reason).includes('already ended')) {
    // processChunk's answer to a message of a job that has ended: nothing was attempted.
    metrics.chunkSkipped('job-ended');
  } else {
    metrics.chunkFailed('job-failed', seconds());
  }
  return outcome;
}

/** Run one merge message and record its duration, outcome and output bytes. */
export async function recordMerge<T extends { readonly kind: string }>(
  metrics: ServiceMetrics,
  run: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  try {
    const outcome = await run();
    const bytes = outcome.kind === 'merged' ? (numberIn(outcome, 'outputBytes') ?? 0) : 0;
    metrics.mergeFinished(outcome.kind, seconds(), bytes);
    return outcome;
  } catch (error) {
    metrics.mergeFinished('error', seconds(), 0);
    throw error;
  }
}
