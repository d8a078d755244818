/** The only mapping layout this library reads: `"version": 1`. */
export const MAPPING_VERSION = 1;

/** The environment variable that services read the tokenization key from (read elsewhere, never here). */
export const TOKENIZE_KEY_ENV = 'CHUNKLINE_TOKENIZE_KEY';

/** Every token starts with this prefix, so a token is recognisable in output data. */
export const TOKEN_PREFIX = 'tok_';

/** Base64url characters kept after the prefix: 22 characters carry 132 bits of the HMAC. */
export const TOKEN_BODY_LENGTH = 22;

/** Every character of a token: base64url, which holds the prefix's too. */
export const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every character of a `hash`: lowercase hex. */
export const HASH_ALPHABET = '0123456789abcdef';

/** Hex characters of a key fingerprint (`keyId`): 16 characters, 64 bits. */
export const KEY_ID_LENGTH = 16;

/** What `mask` writes in place of a hidden character unless the op sets `char`. */
export const DEFAULT_MASK_CHAR = '*';

/** What `redact` writes unless the op sets `with`. */
export const DEFAULT_REDACTION = '[REDACTED]';

/** The operations a mapping can apply to a field. */
export const FieldOpName = {
  tokenize: 'tokenize',
  mask: 'mask',
  hash: 'hash',
  redact: 'redact',
  drop: 'drop',
} as const;
export type FieldOpName = (typeof FieldOpName)[keyof typeof FieldOpName];

/** The comparisons a filter condition can make on one field. */
export const ComparisonOp = {
  eq: 'eq',
  ne: 'ne',
  in: 'in',
  gt: 'gt',
  lt: 'lt',
  contains: 'contains',
  exists: 'exists',
} as const;
export type ComparisonOp = (typeof ComparisonOp)[keyof typeof ComparisonOp];
