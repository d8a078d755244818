import { randomBytes } from 'node:crypto';

/**
 * A fresh name for one run of a chunk, for the keys of the objects it writes. Runs of the
 * same chunk (a duplicate message, a retry after a crash) never share an object, so the
 * done marker that wins names exactly the bytes of its own run, even when a user transform
 * gives other bytes each time.
 */
export function newRunId(): string {
  return randomBytes(4).toString('hex');
}
