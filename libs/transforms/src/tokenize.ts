import { createHmac, createSecretKey, hash } from 'node:crypto';
import { KEY_ID_LENGTH, TOKEN_BODY_LENGTH, TOKEN_PREFIX, TOKENIZE_KEY_ENV } from './constants.ts';
import { MappingError, MappingErrorCode } from './errors.ts';

/** The fixed message `keyId` authenticates: changing it changes every fingerprint. */
const KEY_ID_LABEL = 'chunkline/tokenize-key-id/v1';

/**
 * Tokens a tokenizer remembers per generation (two generations are kept, so at most twice
 * this many): enough for the low-cardinality columns (names, countries, statuses) that make
 * up most repeated values, well under a MiB; larger caches measured slower (GC).
 */
const TOKEN_CACHE_SIZE = 2048;

/** Values longer than this are tokenized without being remembered, to bound the cache's bytes. */
const CACHEABLE_LENGTH = 128;

/** Lookups between two looks at how often the cache hits. */
const CACHE_CHECK_LOOKUPS = 4096;

/**
 * Fewest hits per `CACHE_CHECK_LOOKUPS` lookups for the cache to stay on. Below it, the
 * values look unique (emails, ids) and remembering them costs more than it saves.
 */
const CACHE_MIN_HITS = CACHE_CHECK_LOOKUPS / 8;

/** Values tokenized straight after the cache is switched off, before it is tried again. */
const CACHE_PAUSE_VALUES = 65_536;

function keyBytes(key: string): Buffer {
  if (key.length === 0) {
    throw new MappingError(
      MappingErrorCode.missingTokenizeKey,
      `the tokenization key is empty; set ${TOKENIZE_KEY_ENV} to a long random secret`,
    );
  }
  return Buffer.from(key, 'utf8');
}

/** SHA-256's block size: HMAC pads the key to it. */
const BLOCK = 64;

/**
 * How a tokenizer reads its values: as text (hashed as its UTF-8 bytes), or as byte text,
 * a string whose every char is one of those bytes (as Node's `latin1` reads bytes), which a
 * reader of UTF-8 can hand over without decoding it. Both give the same token for a value.
 */
export type TokenizerInput = 'text' | 'byteText';

/**
 * HMAC-SHA256(key, ·) by its definition, SHA256((K ^ opad) || SHA256((K ^ ipad) || m)), with
 * both pads computed once and each hash one native call, returning the digest in base64url:
 * byte for byte the same digest as `createHmac`, about half the cost of a new `Hmac` per value.
 * The inner digest travels as a 'binary' (latin1) string, one byte per character, because a one-shot
 * `hash` returning a `Buffer` costs about twice as much as one returning a string.
 */
function hmacSha256(key: Buffer, input: TokenizerInput): (value: string) => string {
  const encoding = input === 'text' ? 'utf8' : 'latin1';
  // UTF-8 takes at most 3 bytes per UTF-16 unit; byte text, one per char.
  const maxBytesPerChar = input === 'text' ? 3 : 1;
  const block = Buffer.alloc(BLOCK);
  (key.length > BLOCK ? hash('sha256', key, 'buffer') : key).copy(block);
  let inner = Buffer.alloc(BLOCK + 256);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i += 1) {
    inner[i] = (block[i] ?? 0) ^ 0x36;
    outer[i] = (block[i] ?? 0) ^ 0x5c;
  }
  block.fill(0);
  return (value) => {
    if (BLOCK + value.length * maxBytesPerChar > inner.length) {
      const grown = Buffer.alloc(BLOCK + value.length * maxBytesPerChar);
      inner.copy(grown, 0, 0, BLOCK);
      inner = grown;
    }
    const length = inner.write(value, BLOCK, encoding);
    outer.write(hash('sha256', inner.subarray(0, BLOCK + length), 'binary'), BLOCK, 'binary');
    return hash('sha256', outer, 'base64url');
  };
}

/**
 * A tokenizer for one key: `tok_` followed by the first 22 characters of
 * base64url(HMAC-SHA256(key, UTF-8 bytes of the value)). The same value and key give the
 * same token in every process; without the key, tokens can be neither computed nor
 * reversed. The key is held only inside the returned function, as its two HMAC pads.
 *
 * Repeated values are common in real columns, so the tokenizer remembers the tokens of
 * recent values (up to 128 characters) in two generations of 2,048 entries: a value seen
 * in the older generation moves to the newer one, and the older one is dropped whole when
 * the newer one fills. Unique values are common too: when fewer than one lookup in 8 hits,
 * the cache is dropped and the next 65,536 values are tokenized straight, then it is tried
 * afresh. The cache changes no token, only how often the HMAC is computed; use one
 * tokenizer per column, so that each column's values decide for its own cache.
 *
 * `input` says how the values come: as text (the default), or as byte text (see
 * `TokenizerInput`), for which the tokenizer remembers values as they come too.
 *
 * Throws `MappingError` `MissingTokenizeKey` when the key is empty.
 */
export function createTokenizer(
  key: string,
  input: TokenizerInput = 'text',
): (value: string) => string {
  const mac = hmacSha256(keyBytes(key), input);
  const compute = (value: string): string => TOKEN_PREFIX + mac(value).slice(0, TOKEN_BODY_LENGTH);
  let recent = new Map<string, string>();
  let older = new Map<string, string>();
  let lookups = 0;
  let hits = 0;
  let paused = 0;
  const lookUp = (value: string): string => {
    let token = recent.get(value);
    if (token !== undefined) {
      hits += 1;
      return token;
    }
    token = older.get(value);
    if (token === undefined) token = compute(value);
    else hits += 1;
    if (recent.size >= TOKEN_CACHE_SIZE) {
      older = recent;
      recent = new Map();
    }
    recent.set(value, token);
    return token;
  };
  return (value) => {
    if (paused > 0) {
      paused -= 1;
      return compute(value);
    }
    if (value.length > CACHEABLE_LENGTH) return compute(value);
    const token = lookUp(value);
    lookups += 1;
    if (lookups === CACHE_CHECK_LOOKUPS) {
      if (hits < CACHE_MIN_HITS) {
        paused = CACHE_PAUSE_VALUES;
        recent = new Map();
        older = new Map();
      }
      lookups = 0;
      hits = 0;
    }
    return token;
  };
}

/**
 * A non-reversible fingerprint of a tokenization key, for manifests and logs: the first 16
 * hex characters of HMAC-SHA256(key, "chunkline/tokenize-key-id/v1"). Equal fingerprints
 * mean (with overwhelming likelihood) the same key.
 *
 * Throws `MappingError` `MissingTokenizeKey` when the key is empty.
 */
export function keyId(key: string): string {
  return createHmac('sha256', createSecretKey(keyBytes(key)))
    .update(KEY_ID_LABEL, 'utf8')
    .digest('hex')
    .slice(0, KEY_ID_LENGTH);
}
