import type { Logger, MessageQueue, ObjectStore, Row } from '@chunkline/contracts';

/** What every use case needs: the storage port, a logger and a clock. */
export interface JobDeps {
  readonly store: ObjectStore;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** A record-level transform from a user module: return `null` to drop the record. */
export type UserTransformFn = (row: Row) => Row | null | undefined;

/** The processor's and merger's needs on top of `JobDeps`. */
export interface ProcessDeps extends JobDeps {
  readonly mergeQueue: MessageQueue;
  /** The tokenization secret; its fingerprint must match the manifest's key id. */
  readonly tokenizeKey?: string | undefined;
  /** Keys of earlier rotations, for jobs planned with one of them. Default: none. */
  readonly previousTokenizeKeys?: readonly string[] | undefined;
  /** Loads a mapping's user module; module loading is I/O, so the service provides it. */
  readonly loadUserTransform: (path: string) => Promise<UserTransformFn>;
  /**
   * How long a merge that finds another merge's recorded upload waits for that merge to
   * complete it before completing it itself. The merger gives one visibility timeout, after
   * which SQS too presumes a silent holder dead. Default 60 s.
   */
  readonly mergeRecordWaitMs?: number | undefined;
  /** Parts one merge sends at once. Default 4 (`DEFAULT_MERGE_CONCURRENCY`). */
  readonly mergePartConcurrency?: number | undefined;
}

/** The time now, from the injected clock when there is one. */
export function nowOf(deps: JobDeps): Date {
  return deps.now?.() ?? new Date();
}
