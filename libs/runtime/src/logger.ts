import type { LogFields, Logger } from '@chunkline/contracts';

/** Log levels, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A structured logger: one JSON object per line with time, level, service, event and the
 * fields given (job and chunk ids, counts). Callers never pass record contents or secrets.
 */
export function createLogger(
  service: string,
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
  base: LogFields = {},
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (at: LogLevel, event: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(at) < threshold) return;
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level: at, service, event, ...base, ...fields })}\n`,
    );
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    child: (fields) => createLogger(service, level, write, { ...base, ...fields }),
  };
}
