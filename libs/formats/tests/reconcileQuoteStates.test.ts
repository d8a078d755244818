import { describe, expect, it } from 'vitest';
import { reconcileQuoteStates } from '../src/index.ts';
import type { QuoteStateRecord } from '../src/index.ts';

const out = (quoteParity: 0 | 1): QuoteStateRecord => ({ startState: 'outside', quoteParity });
const ins = (quoteParity: 0 | 1): QuoteStateRecord => ({ startState: 'inside', quoteParity });

describe('Function: reconcileQuoteStates', () => {
  it.each([
    { name: 'no chunks', chunks: [], wrong: [] },
    { name: 'consistent states with even parities', chunks: [out(0), out(0), out(0)], wrong: [] },
    { name: 'consistent states across an odd parity', chunks: [out(1), ins(1), out(0)], wrong: [] },
    {
      name: 'a chunk 0 recorded inside',
      chunks: [ins(0), out(0)],
      wrong: [{ index: 0, startState: 'outside' }],
    },
    {
      name: 'an assumed outside that should be inside',
      chunks: [out(1), out(0), ins(0)],
      wrong: [{ index: 1, startState: 'inside' }],
    },
    {
      name: 'several wrong chunks, judged by the true chain, not the recorded one',
      chunks: [out(1), out(1), ins(0), out(1)],
      wrong: [
        { index: 1, startState: 'inside' },
        { index: 2, startState: 'outside' },
      ],
    },
  ])('returns the wrong chunks for $name', ({ chunks, wrong }) => {
    // Act
    const corrections = reconcileQuoteStates(chunks);
    // Assess
    expect(corrections).toEqual(wrong);
  });
});
