/** S3's limit on a key's length, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** Why an object key from an event is refused, as a short label for logs and metrics. */
export type ObjectKeyProblem =
  'empty' | 'too-long' | 'control-characters' | 'leading-slash' | 'dot-segment';

/**
 * Check an object key named by an event before anything is derived from it (the output
 * key, status, logs): at most 1024 UTF-8 bytes, no control characters, no leading `/`,
 * no `.` or `..` segment that could place derived keys outside their prefix.
 * `undefined` when the key is acceptable.
 */
export function objectKeyProblem(key: string): ObjectKeyProblem | undefined {
  if (key.length === 0) return 'empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return 'too-long';
  if (/[\x00-\x1f\x7f]/.test(key)) return 'control-characters';
  if (key.startsWith('/')) return 'leading-slash';
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) return 'dot-segment';
  return undefined;
}
