import type { QuoteState } from '@chunkline/contracts';

/** What `reconcileQuoteStates` needs to know of each cut chunk (see `CutResult`). */
export interface QuoteStateRecord {
  /** The state the chunk was cut with. */
  readonly startState: QuoteState;
  /** Parity of the quotes in the chunk's byte range. */
  readonly quoteParity: 0 | 1;
}

/** A chunk cut with the wrong start state, and the state it must be cut with again. */
export interface QuoteStateCorrection {
  readonly index: number;
  readonly startState: QuoteState;
}

/**
 * Check the start states the chunks of one CSV object were cut with against the parity
 * chain: chunk 0 starts outside quotes, and chunk i+1 starts in chunk i's true state
 * flipped once per odd quote parity. `chunks` must be every chunk, in order, contiguous
 * from `dataStart`.
 *
 * @returns The chunks whose recorded state was wrong, with the true one (cut them again
 *   with it as `startState`); empty when all were right.
 */
export function reconcileQuoteStates(
  chunks: ReadonlyArray<QuoteStateRecord>,
): QuoteStateCorrection[] {
  const corrections: QuoteStateCorrection[] = [];
  let truth: QuoteState = 'outside';
  chunks.forEach((chunk, index) => {
    if (chunk.startState !== truth) corrections.push({ index, startState: truth });
    if (chunk.quoteParity === 1) truth = truth === 'outside' ? 'inside' : 'outside';
  });
  return corrections;
}
