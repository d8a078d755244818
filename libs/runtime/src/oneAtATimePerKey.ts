/**
 * Runs tasks so that at most one per key is in flight; a task for a busy key starts when
 * the one before it settles (whether it resolved or threw). Tasks of different keys run
 * concurrently.
 *
 * The merger uses it per job: two copies of one merge message received together would
 * otherwise both open a multipart upload for the same output. Serialized, the second finds
 * the job ended and only confirms the cleanup.
 */
export function oneAtATimePerKey(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(task, task);
    const settled = run.catch(() => undefined);
    tails.set(key, settled);
    try {
      return await run;
    } finally {
      // Forget the key once nothing is queued behind this task.
      if (tails.get(key) === settled) tails.delete(key);
    }
  };
}
