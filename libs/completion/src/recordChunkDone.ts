import type { CompletionStore } from './completionStore.ts';
import {
  FAN_OUT,
  childCount,
  childrenPrefix,
  markerKey,
  markerTree,
  ROOT_KEY,
} from './markerTree.ts';

/** What the caller must do after recording a chunk. */
export interface CompletionOutcome {
  /** True when this call wrote the chunk's done marker (false if an earlier run had). */
  readonly recorded: boolean;
  /** True when every chunk is done: send the merge message. */
  readonly complete: boolean;
  /** True when this call created the root marker (false if another finisher did). */
  readonly createdRoot: boolean;
  /** Storage requests this call made, for cost accounting. */
  readonly requests: number;
}

/**
 * The completion rule. Record chunk `index` as done, then climb the marker tree: whenever
 * a group's listing shows all its children, mark the group itself (`If-None-Match: *`) and
 * look one level up; stop at the first incomplete group.
 *
 * No interleaving loses the trigger: of the finishers of a group, the last one to list
 * it lists after every sibling marker exists (S3 listings are strongly consistent), so at
 * least one climbs. A climber never stops on `exists` — a marker made by a finisher that
 * then crashed must still be climbed past — so a redelivered message re-walks the path
 * and reaches the root again. Reaching the root therefore means "send the merge message";
 * duplicates are possible (two finishers, or a crash after sending) and the merge is
 * idempotent. Cost: one create and one listing per level climbed; only the last
 * finishers of a group climb, so it is O(1) requests per chunk amortized.
 */
export async function recordChunkDone(
  store: CompletionStore,
  chunkCount: number,
  index: number,
  body: string,
): Promise<CompletionOutcome> {
  const tree = markerTree(chunkCount);
  const top = tree.widths.length - 1;
  let requests = 1;
  const recorded = (await store.createIfAbsent(markerKey(0, index), body)) === 'created';
  let node = index;
  for (let level = 0; level < top; level += 1) {
    const parent = Math.floor(node / FAN_OUT);
    requests += 1;
    const present = await store.count(childrenPrefix(level, parent));
    if (present < childCount(tree, level, parent)) {
      return { recorded, complete: false, createdRoot: false, requests };
    }
    node = parent;
    requests += 1;
    if (level + 1 === top) {
      const outcome = await store.createIfAbsent(ROOT_KEY, '');
      return { recorded, complete: true, createdRoot: outcome === 'created', requests };
    }
    await store.createIfAbsent(markerKey(level + 1, node), '');
  }
  return { recorded, complete: false, createdRoot: false, requests };
}
