import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFiniteNumber } from '../../src/numeric.ts';

/** The definition `toFiniteNumber` keeps: a plain decimal by its grammar, with a finite value. */
const PLAIN_DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const byGrammar = (text: string): number | undefined => {
  if (!PLAIN_DECIMAL.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** Pieces that numbers, near-numbers and `Number()`'s other literals are made of. */
const PIECES = [
  ...'0123456789',
  ...'+-.eE',
  ...'xXoObB_,',
  'Infinity',
  'NaN',
  'a',
  'f',
  ...' \t\n\r\v\f\u00a0\u2028\ufeff\u3000',
];

describe('toFiniteNumber', () => {
  it.each([
    ['100', 100],
    [' -1.5 ', -1.5],
    ['2e3', 2000],
    ['1E+3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['007', 7],
    ['-0', -0],
    ['\u00a042\ufeff', 42],
    ['1e400', undefined],
    ['', undefined],
    ['  ', undefined],
    ['0x10', undefined],
    [' 0o7', undefined],
    ['0b1', undefined],
    ['1_000', undefined],
    ['1,000', undefined],
    ['Infinity', undefined],
    ['-Infinity', undefined],
    ['NaN', undefined],
    ['.', undefined],
    ['e5', undefined],
  ] as const)('reads %j as %s', (text, expected) => {
    // Act & Assess
    expect(toFiniteNumber(text)).toBe(expected);
  });

  it('takes finite numbers as they are and nothing else that is not text', () => {
    // Act & Assess
    expect(toFiniteNumber(12.5)).toBe(12.5);
    expect(toFiniteNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(toFiniteNumber(Number.NaN)).toBeUndefined();
    expect(toFiniteNumber(true)).toBeUndefined();
    expect(toFiniteNumber(null)).toBeUndefined();
    expect(toFiniteNumber(['1'])).toBeUndefined();
  });

  it('property: agrees with the plain-decimal grammar on text made of number-like pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        // Act & Assess
        expect(toFiniteNumber(text)).toBe(byGrammar(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('property: agrees with the plain-decimal grammar on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (text) => {
        // Act & Assess
        expect(toFiniteNumber(text)).toBe(byGrammar(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('property: reads every double written as text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        // Act & Assess (String(-0) is "0")
        expect(toFiniteNumber(String(n))).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});
