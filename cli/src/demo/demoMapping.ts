/** What the demo does to each record: tokenize emails, hash names, mask cards, keep amounts over 100. */
export const DEMO_MAPPING = {
  version: 1,
  fields: {
    email: { op: 'tokenize' },
    name: { op: 'hash' },
    card: { op: 'mask', keep: 4 },
  },
  filter: { field: 'amount', op: 'gt', value: 100 },
} as const;

/** A fixed key for the local demo only; real deployments set their own secret. */
export const DEMO_TOKENIZE_KEY = 'chunkline-demo-key-not-a-secret';
