/** Where the LocalStack behind a {@link LocalStackHandle} came from. */
export type LocalStackSource = 'environment' | 'testcontainers' | 'host';

/** A LocalStack that answers on {@link LocalStackHandle.endpoint} until {@link LocalStackHandle.stop} is called. */
export interface LocalStackHandle {
  /** Base URL for S3 and SQS clients, without a trailing slash, e.g. `http://127.0.0.1:45123`. */
  readonly endpoint: string;
  /** How this LocalStack was found or started. */
  readonly source: LocalStackSource;
  /** The LocalStack process, when it runs on this machine as one (`host`); for CPU accounting. */
  readonly pid?: number | undefined;
  /**
   * Stops LocalStack if this handle started it; a no-op for `environment`.
   * Safe to call more than once; later calls wait for the first one.
   */
  stop(): Promise<void>;
}

/** Receives one human-readable progress line at a time (no trailing newline). */
export type LogLine = (line: string) => void;
