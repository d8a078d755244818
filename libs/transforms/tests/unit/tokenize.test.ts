import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MappingError,
  MappingErrorCode,
  TOKEN_PREFIX,
  createTokenizer,
  keyId,
} from '../../src/index.ts';
import { OTHER_KEY, TEST_KEY, compiled } from '../helpers/factories.ts';

const TOKEN = /^tok_[A-Za-z0-9_-]{22}$/;

describe('Function: createTokenizer', () => {
  it('returns tok_ and the first 22 base64url characters of HMAC-SHA256(key, value)', () => {
    // Prepare
    const expected = createHmac('sha256', Buffer.from(TEST_KEY, 'utf8'))
      .update('alice@example.com', 'utf8')
      .digest('base64url')
      .slice(0, 22);

    // Act
    const token = createTokenizer(TEST_KEY)('alice@example.com');

    // Assess
    expect(token).toBe(`${TOKEN_PREFIX}${expected}`);
    expect(token).toMatch(TOKEN);
  });

  it('gives the same token for the same value and key, every time', () => {
    // Prepare
    const first = createTokenizer(TEST_KEY);
    const second = createTokenizer(TEST_KEY);

    // Act
    const tokens = [first('4111'), first('4111'), second('4111')];

    // Assess
    expect(new Set(tokens).size).toBe(1);
  });

  it('gives a different token under a different key', () => {
    // Act
    const token = createTokenizer(TEST_KEY)('alice@example.com');
    const other = createTokenizer(OTHER_KEY)('alice@example.com');

    // Assess
    expect(other).not.toBe(token);
  });

  it('tokenizes the value exactly as given, without Unicode normalization', () => {
    // Prepare
    const tokenize = createTokenizer(TEST_KEY);

    // Act
    const composed = tokenize('Zo\u00eb');
    const decomposed = tokenize('Zoe\u0308');

    // Assess
    expect(composed).toMatch(TOKEN);
    expect(decomposed).not.toBe(composed);
  });

  it('refuses an empty key with MissingTokenizeKey', () => {
    // Act & Assess
    expect(() => createTokenizer('')).toThrow(
      expect.objectContaining({ code: MappingErrorCode.missingTokenizeKey }),
    );
  });

  it('property: tokens are well-formed, keyed and never contain the key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), fc.string(), (key, value) => {
        const token = createTokenizer(key)(value);
        expect(token).toMatch(TOKEN);
        expect(token.includes(key)).toBe(false);
      }),
    );
  });

  it('property: every token is the HMAC-SHA256 of node:crypto, for keys and values of any length', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }),
        fc.array(fc.string({ maxLength: 400, unit: 'grapheme' }), { maxLength: 5 }),
        (key, values) => {
          const tokenize = createTokenizer(key);
          for (const value of [...values, ...values]) {
            const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
              .update(value, 'utf8')
              .digest('base64url')
              .slice(0, 22);
            expect(tokenize(value)).toBe(`${TOKEN_PREFIX}${expected}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same tokens after its cache of recent values has turned over', () => {
    // Prepare
    const tokenize = createTokenizer(TEST_KEY);
    const values = Array.from({ length: 40_000 }, (_, i) => `user${i}@example.com`);
    const first = values.map(tokenize);

    // Act
    const again = values.map(tokenize);

    // Assess
    expect(again).toEqual(first);
    expect(again[0]).toBe(createTokenizer(TEST_KEY)(values[0] ?? ''));
  });

  it('gives the HMAC token of every value, while its cache is on, off for unique values, or on again', () => {
    // Prepare: unique values (the cache switches off), then a few repeated ones for longer
    // than the pause (it comes back on), then both mixed
    const reference = (value: string) =>
      TOKEN_PREFIX +
      createHmac('sha256', Buffer.from(TEST_KEY, 'utf8'))
        .update(value, 'utf8')
        .digest('base64url')
        .slice(0, 22);
    const values = [
      ...Array.from({ length: 10_000 }, (_, i) => `unique${i}@example.com`),
      ...Array.from({ length: 80_000 }, (_, i) => `name ${i % 97}`),
      ...Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `name ${i % 89}` : `u${i}`)),
    ];
    const tokenize = createTokenizer(TEST_KEY);

    // Act
    const tokens = values.map(tokenize);

    // Assess
    expect(tokens).toEqual(values.map(reference));
  });

  it('property: a tokenizer for byte text gives the token of the text its bytes spell, cached or not', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }),
        fc.array(fc.string({ maxLength: 300, unit: 'grapheme' }), { maxLength: 6 }),
        (key, values) => {
          // Prepare
          const ofText = createTokenizer(key);
          const ofByteText = createTokenizer(key, 'byteText');
          // Act & Assess: each value twice, the second time from the cache when it is short
          for (const value of [...values, ...values]) {
            const byteText = Buffer.from(value, 'utf8').toString('latin1');
            expect(ofByteText(byteText)).toBe(ofText(value));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: distinct keys give distinct tokens for the same value', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.string(),
        (a, b, value) => {
          fc.pre(a !== b);
          expect(createTokenizer(a)(value)).not.toBe(createTokenizer(b)(value));
        },
      ),
    );
  });
});

describe('Function: keyId', () => {
  it('is the first 16 hex characters of HMAC-SHA256(key, a fixed label)', () => {
    // Prepare
    const expected = createHmac('sha256', TEST_KEY)
      .update('chunkline/tokenize-key-id/v1')
      .digest('hex')
      .slice(0, 16);

    // Act
    const id = keyId(TEST_KEY);

    // Assess
    expect(id).toBe(expected);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is stable for a key and differs between keys', () => {
    // Act & Assess
    expect(keyId(TEST_KEY)).toBe(keyId(TEST_KEY));
    expect(keyId(TEST_KEY)).not.toBe(keyId(OTHER_KEY));
  });

  it('differs from the token of the key itself and never contains the key', () => {
    // Act
    const id = keyId(TEST_KEY);

    // Assess
    expect(id).not.toContain(TEST_KEY);
    expect(createTokenizer(TEST_KEY)(TEST_KEY)).not.toContain(id);
  });

  it('refuses an empty key', () => {
    // Act & Assess
    expect(() => keyId('')).toThrow(MappingError);
  });
});

describe('Function: compileMapping (tokenize)', () => {
  const mapping = { fields: { email: { op: 'tokenize' } } };

  it('replaces the value with its token', () => {
    // Act
    const out = compiled(mapping).apply({ email: 'alice@example.com', id: '1' });

    // Assess
    expect(out).toEqual({ email: createTokenizer(TEST_KEY)('alice@example.com'), id: '1' });
  });

  it.each<[string, unknown, string | null]>([
    ['a number by its string form', 100, '100'],
    ['a boolean by its string form', true, 'true'],
    ['an array by its JSON', ['a', 1], '["a",1]'],
    ['an object by its JSON', { a: 'b' }, '{"a":"b"}'],
  ])('tokenizes %s', (_label, value, form) => {
    // Act
    const out = compiled(mapping).apply({ email: value as never });

    // Assess
    expect(out).toEqual({ email: createTokenizer(TEST_KEY)(form as string) });
  });

  it('leaves null as null', () => {
    // Act & Assess
    expect(compiled(mapping).apply({ email: null })).toEqual({ email: null });
  });

  it('gives a different token under a different key', () => {
    // Act
    const a = compiled(mapping, { tokenizeKey: TEST_KEY }).apply({ email: 'x' });
    const b = compiled(mapping, { tokenizeKey: OTHER_KEY }).apply({ email: 'x' });

    // Assess
    expect(a?.['email']).not.toBe(b?.['email']);
  });

  it('property: the same input gives the same token across independently compiled mappings', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), fc.string(), (key, value) => {
        const first = compiled(mapping, { tokenizeKey: key }).apply({ email: value });
        const second = compiled(
          { fields: { other: { op: 'hash' }, email: { op: 'tokenize' } }, select: ['email'] },
          { tokenizeKey: key },
        ).apply({ email: value, other: 'x' });
        expect(second?.['email']).toBe(first?.['email']);
        expect(String(first?.['email']).includes(key)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it.each<[string, { tokenizeKey?: string }]>([
    ['no key', {}],
    ['an empty key', { tokenizeKey: '' }],
  ])('throws MissingTokenizeKey naming CHUNKLINE_TOKENIZE_KEY when given %s', (_label, options) => {
    // Act & Assess
    expect(() => compiled(mapping, options)).toThrow(
      expect.objectContaining({
        name: 'MappingError',
        code: MappingErrorCode.missingTokenizeKey,
        message: expect.stringContaining('CHUNKLINE_TOKENIZE_KEY'),
      }),
    );
  });

  it('needs no key when nothing is tokenized', () => {
    // Act & Assess
    expect(() => compiled({ fields: { email: { op: 'hash' } } }, {})).not.toThrow();
  });

  it('keeps the key out of the compiled mapping and of its errors', () => {
    // Prepare
    const compiledMapping = compiled(mapping);
    const failing: (() => unknown)[] = [
      () => compiledMapping.outputColumns(['email', 'email']),
      () => compiled({ ...mapping, rename: { email: 'a', id: 'a' } }),
      () =>
        compiled(mapping, {
          tokenizeKey: TEST_KEY,
          userTransform: () => {
            throw new Error('boom');
          },
        }).apply({ email: 'x' }),
    ];

    // Act
    const messages = failing.map((action) => {
      try {
        action();
        return '';
      } catch (error) {
        return `${String(error)} ${JSON.stringify(error)}`;
      }
    });

    // Assess
    expect(JSON.stringify(compiledMapping)).not.toContain(TEST_KEY);
    for (const message of messages) {
      expect(message).toContain('MappingError');
      expect(message).not.toContain(TEST_KEY);
    }
  });
});
