/** Fields attached to a log line: ids and counts, never record contents or secrets. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** The logging port: structured, one JSON line per event in production. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (job id, chunk index). */
  child(fields: LogFields): Logger;
}

/** A logger that drops everything, for tests and tools that stay quiet. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
