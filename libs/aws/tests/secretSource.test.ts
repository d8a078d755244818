import { describe, expect, it } from 'vitest';
import { SecretSourceError, parseSecretKeys, resolveTokenizeKeys } from '../src/index.ts';
import type { SecretReader } from '../src/index.ts';

const CURRENT = 'current-key-0123456789abcdef';
const OLD = 'old-key-0123456789abcdef';
const SECRET = { kind: 'secretsManager', secretId: 'chunkline/tokenize' } as const;
const PARAMETER = { kind: 'ssmParameter', name: '/chunkline/tokenize' } as const;

const serving =
  (text: string | undefined): SecretReader =>
  async () =>
    text;

describe('Function: parseSecretKeys', () => {
  it.each([
    { text: CURRENT, keys: { current: CURRENT, previous: [] } },
    { text: JSON.stringify({ current: CURRENT }), keys: { current: CURRENT, previous: [] } },
    {
      text: JSON.stringify({ current: CURRENT, previous: [OLD] }),
      keys: { current: CURRENT, previous: [OLD] },
    },
  ])('reads $text', ({ text, keys }) => {
    // Assess
    expect(parseSecretKeys(text, SECRET)).toEqual(keys);
  });

  it.each([
    { text: 'short', why: 'holds a key shorter than 16' },
    { text: '{not json', why: 'holds text that starts with { but is not JSON' },
    { text: JSON.stringify({ previous: [OLD] }), why: 'has no "current" key of enough characters' },
    {
      text: JSON.stringify({ current: CURRENT, previous: OLD }),
      why: 'has a "previous" that is not an array of keys',
    },
  ])('refuses a secret that $why, without showing it', ({ text, why }) => {
    // Act
    const parse = (): unknown => parseSecretKeys(text, PARAMETER);

    // Assess
    expect(parse).toThrow(SecretSourceError);
    expect(parse).toThrow(`the SSM parameter /chunkline/tokenize ${why}`);
    try {
      parse();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(CURRENT);
    }
  });
});

describe('Function: resolveTokenizeKeys', () => {
  it('uses CHUNKLINE_TOKENIZE_KEY and the configured previous keys when nothing is referenced', async () => {
    // Act
    const keys = await resolveTokenizeKeys(
      { tokenizeKey: CURRENT, previousTokenizeKeys: [OLD] },
      serving(undefined),
    );

    // Assess
    expect(keys).toEqual({ current: CURRENT, previous: [OLD] });
  });

  it('reads the referenced secret and adds the configured previous keys', async () => {
    // Act
    const keys = await resolveTokenizeKeys(
      { tokenizeKeyReference: SECRET, previousTokenizeKeys: ['another-old-key-0123456'] },
      serving(JSON.stringify({ current: CURRENT, previous: [OLD] })),
    );

    // Assess
    expect(keys).toEqual({ current: CURRENT, previous: [OLD, 'another-old-key-0123456'] });
  });

  it('names the variable and the reference when the secret cannot be read', async () => {
    // Prepare
    const failing: SecretReader = async () => {
      throw Object.assign(new Error('Secrets Manager can not find the specified secret.'), {
        name: 'ResourceNotFoundException',
      });
    };

    // Act
    const resolve = resolveTokenizeKeys({ tokenizeKeyReference: SECRET }, failing);

    // Assess
    await expect(resolve).rejects.toThrow(
      'tokenization key source: cannot read the Secrets Manager secret chunkline/tokenize (ResourceNotFoundException); check CHUNKLINE_TOKENIZE_KEY_SECRET_ID and that this service may read it',
    );
    await expect(resolve).rejects.toMatchObject({ variable: 'CHUNKLINE_TOKENIZE_KEY_SECRET_ID' });
  });

  it('refuses a parameter with no value', async () => {
    // Act
    const resolve = resolveTokenizeKeys({ tokenizeKeyReference: PARAMETER }, serving(''));

    // Assess
    await expect(resolve).rejects.toThrow(
      'the SSM parameter /chunkline/tokenize has no string value; check CHUNKLINE_TOKENIZE_KEY_PARAMETER',
    );
  });
});
