import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION, hashValue, maskValue, stringForm } from '../../src/index.ts';
import type { FieldValue } from '@chunkline/contracts';
import { compiled } from '../helpers/factories.ts';

/** Reference mask over code points, written the obvious way. */
function referenceMask(value: string, keep: number, char: string): string {
  const points = Array.from(value);
  if (points.length <= keep) return char.repeat(points.length);
  return char.repeat(points.length - keep) + points.slice(points.length - keep).join('');
}

describe('Function: maskValue', () => {
  it.each<[string, string, number, string, string]>([
    ['a card number, keep 4', '4111111111111111', 4, '*', '************1111'],
    ['keep 0 masks everything', 'secret', 0, '*', '******'],
    ['one more character than keep', '12345', 4, '*', '*2345'],
    ['a value exactly keep long is masked entirely', '1234', 4, '*', '****'],
    ['a value shorter than keep is masked entirely', '12', 4, '*', '**'],
    ['the empty string stays empty', '', 4, '*', ''],
    ['accented letters count as one character each', 'Zoë Ørsted', 3, '*', '*******ted'],
    ['emoji (surrogate pairs) count as one character', '🎉🎉🎉ab', 2, '*', '***ab'],
    ['a kept emoji stays whole', 'abc🎉', 1, '*', '***🎉'],
    ['CJK characters', '東京都港区', 2, '*', '***港区'],
    ['a multi-byte mask character', 'abcdef', 2, '•', '••••ef'],
    ['an emoji mask character', 'abc', 1, '🙈', '🙈🙈c'],
  ])('masks %s', (_label, value, keep, char, expected) => {
    // Act
    const masked = maskValue(value, keep, char);

    // Assess
    expect(masked).toBe(expected);
  });

  it('property: agrees with a mask over Array.from code points', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.nat(12),
        fc.constantFrom('*', '#', '•', '🙈'),
        (value, keep, char) => {
          expect(maskValue(value, keep, char)).toBe(referenceMask(value, keep, char));
        },
      ),
    );
  });

  it('property: lone surrogates count as one character each, like Array.from', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii' }),
        fc.string({
          unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
        }),
        fc.nat(6),
        (a, b, keep) => {
          const value = a + b;
          expect(maskValue(value, keep, '*')).toBe(referenceMask(value, keep, '*'));
        },
      ),
    );
  });
});

describe('Function: hashValue', () => {
  it('is the SHA-256 hex digest of the UTF-8 bytes', () => {
    // Act & Assess
    expect(hashValue('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('property: matches node:crypto for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        expect(hashValue(value)).toBe(
          createHash('sha256').update(Buffer.from(value, 'utf8')).digest('hex'),
        );
      }),
    );
  });
});

describe('Function: stringForm', () => {
  it.each<[string, Exclude<FieldValue, null>, string]>([
    ['a string as it is', 'a b', 'a b'],
    ['an integer', 100, '100'],
    ['a fraction', 0.5, '0.5'],
    ['a large number in canonical form', 1e21, '1e+21'],
    ['a boolean', false, 'false'],
    ['an array as JSON', [1, 'a', null], '[1,"a",null]'],
    ['an object as JSON', { a: { b: true } }, '{"a":{"b":true}}'],
  ])('gives %s', (_label, value, expected) => {
    // Act & Assess
    expect(stringForm(value)).toBe(expected);
  });
});

describe('Function: compileMapping (field operations)', () => {
  it('masks with keep and the default character', () => {
    // Act
    const out = compiled({ fields: { card: { op: 'mask', keep: 4 } } }).apply({
      card: '4111111111111111',
    });

    // Assess
    expect(out).toEqual({ card: '************1111' });
  });

  it('masks with a custom character and masks numbers by their string form', () => {
    // Act
    const out = compiled({ fields: { card: { op: 'mask', keep: 2, char: '#' } } }).apply({
      card: 123456,
    });

    // Assess
    expect(out).toEqual({ card: '####56' });
  });

  it('hashes with SHA-256 of the UTF-8 string form', () => {
    // Prepare
    const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

    // Act
    const out = compiled({ fields: { name: { op: 'hash' }, age: { op: 'hash' } } }).apply({
      name: 'Zoë',
      age: 42,
    });

    // Assess
    expect(out).toEqual({ name: sha('Zoë'), age: sha('42') });
  });

  it('redacts with the default text, null included', () => {
    // Act
    const out = compiled({ fields: { notes: { op: 'redact' }, extra: { op: 'redact' } } }).apply({
      notes: 'call me',
      extra: null,
    });

    // Assess
    expect(out).toEqual({ notes: DEFAULT_REDACTION, extra: DEFAULT_REDACTION });
    expect(DEFAULT_REDACTION).toBe('[REDACTED]');
  });

  it('redacts with the text given by "with"', () => {
    // Act
    const out = compiled({ fields: { notes: { op: 'redact', with: '' } } }).apply({
      notes: { a: 1 },
    });

    // Assess
    expect(out).toEqual({ notes: '' });
  });

  it('drops a field and keeps the others in their order', () => {
    // Act
    const out = compiled({ fields: { internal: { op: 'drop' } } }).apply({
      a: '1',
      internal: 'x',
      b: '2',
    });

    // Assess
    expect(out).toEqual({ a: '1', b: '2' });
    expect(Object.keys(out ?? {})).toEqual(['a', 'b']);
  });

  it.each<[string, Record<string, unknown>, FieldValue | 'absent']>([
    ['tokenize', { op: 'tokenize' }, null],
    ['mask', { op: 'mask', keep: 2 }, null],
    ['hash', { op: 'hash' }, null],
    ['redact', { op: 'redact' }, '[REDACTED]'],
    ['drop', { op: 'drop' }, 'absent'],
  ])('on null, %s gives %j', (_label, op, expected) => {
    // Act
    const out = compiled({ fields: { f: op } }).apply({ f: null });

    // Assess
    expect(out).toEqual(expected === 'absent' ? {} : { f: expected });
  });

  it.each(['tokenize', 'hash', 'redact', 'drop'])(
    '%s does not add a field the record lacks',
    (op) => {
      // Act
      const out = compiled({ fields: { f: { op } } }).apply({ g: '1' });

      // Assess
      expect(out).toEqual({ g: '1' });
    },
  );

  it('does not modify the input record', () => {
    // Prepare
    const row = { email: 'a@b.c', card: '4111', notes: 'x', internal: 'y' };
    const before = structuredClone(row);

    // Act
    compiled({
      fields: {
        email: { op: 'tokenize' },
        card: { op: 'mask', keep: 1 },
        notes: { op: 'redact' },
        internal: { op: 'drop' },
      },
    }).apply(row);

    // Assess
    expect(row).toEqual(before);
  });
});
