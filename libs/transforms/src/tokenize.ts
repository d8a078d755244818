import { createHmac, createSecretKey } from 'node:crypto';
import { KEY_ID_LENGTH, TOKEN_BODY_LENGTH, TOKEN_PREFIX, TOKENIZE_KEY_ENV } from './constants.ts';
import { MappingError, MappingErrorCode } from './errors.ts';

/** The fixed message `keyId` authenticates: changing it changes every fingerprint. */
const KEY_ID_LABEL = 'chunkline/tokenize-key-id/v1';

function secretKey(key: string) {
  if (key.length === 0) {
    throw new MappingError(
      MappingErrorCode.missingTokenizeKey,
      `the tokenization key is empty; set ${TOKENIZE_KEY_ENV} to a long random secret`,
    );
  }
  return createSecretKey(Buffer.from(key, 'utf8'));
}

/**
 * A tokenizer for one key: `tok_` followed by the first 22 characters of
 * base64url(HMAC-SHA256(key, UTF-8 bytes of the value)). The same value and key give the
 * same token in every process; without the key, tokens can be neither computed nor
 * reversed. The key (its UTF-8 bytes) is held only inside the returned function, as a
 * `KeyObject` (an HMAC with a `KeyObject` is several times faster than with a Buffer key).
 *
 * Throws `MappingError` `MissingTokenizeKey` when the key is empty.
 */
export function createTokenizer(key: string): (value: string) => string {
  const secret = secretKey(key);
  return (value) =>
    TOKEN_PREFIX +
    createHmac('sha256', secret)
      .update(value, 'utf8')
      .digest('base64url')
      .slice(0, TOKEN_BODY_LENGTH);
}

/**
 * A non-reversible fingerprint of a tokenization key, for manifests and logs: the first 16
 * hex characters of HMAC-SHA256(key, "chunkline/tokenize-key-id/v1"). Equal fingerprints
 * mean (with overwhelming likelihood) the same key.
 *
 * Throws `MappingError` `MissingTokenizeKey` when the key is empty.
 */
export function keyId(key: string): string {
  return createHmac('sha256', secretKey(key))
    .update(KEY_ID_LABEL, 'utf8')
    .digest('hex')
    .slice(0, KEY_ID_LENGTH);
}
