import type { CreateOutcome } from '@chunkline/contracts';

/**
 * The two storage operations the completion rule needs, scoped to one job's marker
 * prefix. An adapter binds them to an object store; the model test binds them to a
 * simulated one.
 */
export interface CompletionStore {
  /** Create a marker with `If-None-Match: *` semantics. */
  createIfAbsent(key: string, body: string): Promise<CreateOutcome>;
  /** Count the markers under a prefix (one listing of at most `FAN_OUT` keys). */
  count(prefix: string): Promise<number>;
}
