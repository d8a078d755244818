import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue, Row } from '@chunkline/contracts';
import { keeps } from '../helpers/factories.ts';

/** A record with field `x` set to `value`, or without `x` when `value` is `MISSING`. */
const MISSING = Symbol('missing');
type Cell = FieldValue | typeof MISSING;
const rowWith = (value: Cell): Row =>
  value === MISSING ? { other: 'y' } : { x: value, other: 'y' };

type Case = [record: Cell, value: unknown, expected: boolean];

function table(op: string, cases: readonly Case[]): void {
  it.each(cases)(`${op}: record %j vs %j → %s`, (record, value, expected) => {
    // Prepare
    const filter = op === 'exists' ? { field: 'x', op } : { field: 'x', op, value };

    // Act
    const kept = keeps(filter, rowWith(record));

    // Assess
    expect(kept).toBe(expected);
  });
}

describe('Function: compileMapping (filter comparisons)', () => {
  describe('eq compares string forms', () => {
    table('eq', [
      ['100', 100, true],
      ['100', '100', true],
      [100, '100', true],
      [100, 100, true],
      [1.5, '1.5', true],
      ['100.0', 100, false],
      ['01234', 1234, false],
      ['1e2', 100, false],
      [' 100', 100, false],
      ['abc', 'abc', true],
      ['abc', 'ABC', false],
      ['', '', true],
      ['true', true, true],
      [true, 'true', true],
      [true, true, true],
      [false, true, false],
      [1, true, false],
      [['a'], 'a', false],
      [{ a: 'b' }, '[object Object]', false],
      [null, 'null', false],
      [MISSING, 'x', false],
    ]);
  });

  describe('ne is true only for a present field that is not eq', () => {
    table('ne', [
      ['101', 100, true],
      ['100', 100, false],
      ['100.0', 100, true],
      [100, '100', false],
      ['', 'x', true],
      [['x'], 'x', true],
      [null, 'x', false],
      [MISSING, 'x', false],
    ]);
  });

  describe('in is eq against any listed value', () => {
    table('in', [
      ['FR', ['FR', 'DE'], true],
      ['DE', ['FR', 'DE'], true],
      ['IT', ['FR', 'DE'], false],
      ['fr', ['FR', 'DE'], false],
      ['1', [1, 2], true],
      [2, ['1', '2'], true],
      ['1.0', [1], false],
      [true, ['true'], true],
      ['false', [false], true],
      [['FR'], ['FR'], false],
      [null, ['null'], false],
      [MISSING, ['x'], false],
    ]);
  });

  describe('gt compares numerically when both sides are numbers, else by string order', () => {
    table('gt', [
      ['150', 100, true],
      ['99', 100, false],
      ['100', 100, false],
      ['99', '100', false],
      ['1e3', 100, true],
      [' 150 ', 100, true],
      ['-5', -10, true],
      ['.5', 0.25, true],
      [150, 100, true],
      [150, '100', true],
      ['abc', 100, true],
      ['0x10', 9, false],
      ['1,000', 9, false],
      ['Infinity', 9, true],
      ['', 0, false],
      ['b', 'a', true],
      ['B', 'a', false],
      ['2024-05-01', '2024-01-31', true],
      ['10', '9', true],
      [true, 0, false],
      [[200], 100, false],
      [null, 0, false],
      [MISSING, 0, false],
    ]);
  });

  describe('lt mirrors gt', () => {
    table('lt', [
      ['99', 100, true],
      ['100', 100, false],
      ['150', 100, false],
      ['9', '10', true],
      ['-1e-3', 0, true],
      ['', 0, true],
      ['a', 'b', true],
      ['Z', 'a', true],
      ['é', 'z', false],
      [false, 1, false],
      [{ a: 1 }, 1, false],
      [null, 1, false],
      [MISSING, 1, false],
    ]);
  });

  describe('contains is substring for strings and membership for arrays', () => {
    table('contains', [
      ['hello world', 'o w', true],
      ['hello world', 'O W', false],
      ['abc', '', true],
      ['12345', 23, true],
      ['is true', true, true],
      [['a', 'b'], 'b', true],
      [['1'], 1, true],
      [[1, 2], '2', true],
      [['ab'], 'a', false],
      [[], 'a', false],
      [12345, '23', false],
      [{ a: 'b' }, 'a', false],
      [null, 'x', false],
      [MISSING, 'x', false],
    ]);
  });

  describe('exists is true for a present, non-null field', () => {
    table('exists', [
      ['x', undefined, true],
      ['', undefined, true],
      [0, undefined, true],
      [false, undefined, true],
      [[], undefined, true],
      [null, undefined, false],
      [MISSING, undefined, false],
    ]);
  });

  it('does not see properties inherited from Object.prototype', () => {
    // Act & Assess
    expect(keeps({ field: 'constructor', op: 'exists' }, {})).toBe(false);
    expect(keeps({ field: 'toString', op: 'contains', value: 'native' }, {})).toBe(false);
    expect(keeps({ field: 'constructor', op: 'eq', value: 'a' }, { constructor: 'a' })).toBe(true);
  });

  it('property: a number written as text is eq to the number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(keeps({ field: 'x', op: 'eq', value: n }, { x: String(n) })).toBe(true);
      }),
    );
  });

  it('property: gt and lt on integer text agree with numeric order', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(keeps({ field: 'x', op: 'gt', value: b }, { x: String(a) })).toBe(a > b);
        expect(keeps({ field: 'x', op: 'lt', value: b }, { x: String(a) })).toBe(a < b);
      }),
    );
  });

  it('property: ne is exists and not eq', () => {
    fc.assert(
      fc.property(
        fc.option(
          fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -5, max: 5 }), fc.boolean()),
        ),
        fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -5, max: 5 }), fc.boolean()),
        (record, value) => {
          const row: Row = record === null ? {} : { x: record };
          const ne = keeps({ field: 'x', op: 'ne', value }, row);
          const eq = keeps({ field: 'x', op: 'eq', value }, row);
          const exists = keeps({ field: 'x', op: 'exists' }, row);
          expect(ne).toBe(exists && !eq);
        },
      ),
    );
  });
});

describe('Function: compileMapping (filter combinators)', () => {
  const big = { field: 'amount', op: 'gt', value: 100 };
  const euro = { field: 'country', op: 'in', value: ['FR', 'DE'] };
  const vip = { field: 'vip', op: 'exists' };
  const brief = { all: [big, { any: [euro, vip] }] };

  it.each<[string, Row, boolean]>([
    ['big and European', { amount: '150', country: 'FR' }, true],
    ['big and VIP', { amount: '150', country: 'US', vip: 'yes' }, true],
    ['big, neither European nor VIP', { amount: '150', country: 'US' }, false],
    ['small and European', { amount: '50', country: 'DE' }, false],
    ['no amount', { country: 'FR', vip: 'yes' }, false],
    ['VIP set to null counts as missing', { amount: '150', country: 'US', vip: null }, false],
  ])('all/any from the spec: %s → %s', (_label, row, expected) => {
    // Act & Assess
    expect(keeps(brief, row)).toBe(expected);
  });

  it.each<[string, unknown, Row, boolean]>([
    ['not negates', { not: big }, { amount: '50' }, true],
    ['not of a comparison on a missing field is true', { not: big }, {}, true],
    [
      'not eq differs from ne on a missing field',
      { not: { field: 'x', op: 'eq', value: 'a' } },
      {},
      true,
    ],
    ['double not', { not: { not: big } }, { amount: '150' }, true],
    ['all of one', { all: [big] }, { amount: '150' }, true],
    ['any of one', { any: [big] }, { amount: '50' }, false],
    ['all stops at the first false', { all: [vip, big] }, { amount: '150' }, false],
    ['any with every part false', { any: [vip, euro] }, { country: 'US' }, false],
    [
      'deep nesting',
      {
        any: [
          { all: [{ not: vip }, { any: [euro, { not: big }] }] },
          { field: 'x', op: 'eq', value: 1 },
        ],
      },
      { amount: '500', country: 'DE' },
      true,
    ],
    [
      'deep nesting, other branch',
      {
        any: [
          { all: [{ not: vip }, { any: [euro, { not: big }] }] },
          { field: 'x', op: 'eq', value: 1 },
        ],
      },
      { amount: '500', country: 'US', vip: 'y', x: '1' },
      true,
    ],
  ])('%s', (_label, filter, row, expected) => {
    // Act & Assess
    expect(keeps(filter, row)).toBe(expected);
  });

  it('runs on the input record, before any field operation', () => {
    // Prepare
    const filter = { field: 'email', op: 'contains', value: '@example.com' };

    // Act & Assess
    expect(keeps(filter, { email: 'a@example.com' })).toBe(true);
  });

  it('property: not(not(c)) keeps exactly what c keeps', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ maxLength: 3 })),
        fc.string({ maxLength: 2 }),
        (record, value) => {
          const row: Row = record === null ? {} : { x: record };
          const c = { field: 'x', op: 'contains', value };
          expect(keeps({ not: { not: c } }, row)).toBe(keeps(c, row));
        },
      ),
    );
  });
});
