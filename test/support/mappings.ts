/**
 * The mapping the end-to-end tests run: real work per record (tokenize, hash, mask, drop)
 * and a filter that keeps about half the rows.
 */
export const TEST_MAPPING = {
  version: 1,
  fields: {
    email: { op: 'tokenize' },
    name: { op: 'hash' },
    card: { op: 'mask', keep: 4 },
    status: { op: 'drop' },
  },
  filter: { field: 'amount', op: 'gt', value: 100 },
};
