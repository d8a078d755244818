/**
 * The work every contender does: tokenize two columns, hash one, mask one, and keep the
 * rows with an amount over 100 (about half: amounts are uniform in [0, 200)).
 */
export const WORK_MAPPING = {
  version: 1,
  fields: {
    email: { op: 'tokenize' },
    name: { op: 'tokenize' },
    id: { op: 'hash' },
    card: { op: 'mask', keep: 4 },
  },
  filter: { field: 'amount', op: 'gt', value: 100 },
} as const;

/** A fixed key for the benchmark only. */
export const WORK_TOKENIZE_KEY = 'chunkline-bench-key-not-a-secret';
