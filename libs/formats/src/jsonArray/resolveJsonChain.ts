import { sameJsonState } from './jsonState.ts';
import type { JsonState } from './jsonState.ts';

/** What `resolveJsonChain` needs to know of each cut chunk (see `JsonCutResult`). */
export interface JsonStateRecord {
  /** The state the chunk was cut with. */
  readonly startState: JsonState;
  /** The lexer state at the chunk's end, computed from `startState`. */
  readonly endState: JsonState;
}

/** The first chunk to cut again, and the proven state to cut it with. */
export interface JsonChainCorrection {
  readonly index: number;
  readonly state: JsonState;
}

/**
 * Check the start states the chunks of one JSON array object were cut with against the
 * chain of proven states: chunk 0 starts in `initial` (`JSON_ARRAY_START_STATE` at
 * `dataStart`), and chunk i+1 in chunk i's `endState` once chunk i is proven. `chunks`
 * must be every chunk, in order, contiguous from `dataStart`; `undefined` marks a chunk
 * without a result (its speculative cut failed).
 *
 * @returns The first chunk whose start state differs from the proven one, or that has no
 *   result, with the state to cut it with; `undefined` when the whole chain is consistent.
 *   Cut that chunk again with `startState: state`, record its result, and call again.
 */
export function resolveJsonChain(
  initial: JsonState,
  chunks: ReadonlyArray<JsonStateRecord | undefined>,
): JsonChainCorrection | undefined {
  let proven = initial;
  for (const [index, chunk] of chunks.entries()) {
    if (chunk === undefined || !sameJsonState(chunk.startState, proven)) {
      return { index, state: proven };
    }
    proven = chunk.endState;
  }
  return undefined;
}
