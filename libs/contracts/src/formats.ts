/** Input formats Chunkline can split into record-aligned chunks. */
export const InputFormat = {
  csv: 'csv',
  jsonl: 'jsonl',
  json: 'json',
} as const;
export type InputFormat = (typeof InputFormat)[keyof typeof InputFormat];

/**
 * Whether a byte offset lies inside a quoted CSV field. For RFC 4180 files this is the
 * parity of the quote characters before the offset.
 */
export const QuoteState = {
  outside: 'outside',
  inside: 'inside',
} as const;
export type QuoteState = (typeof QuoteState)[keyof typeof QuoteState];
