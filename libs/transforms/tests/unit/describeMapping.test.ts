import { describe, expect, it } from 'vitest';
import { describeCondition, describeMapping } from '../../src/index.ts';
import type { Condition } from '../../src/index.ts';
import { mappingOf } from '../helpers/factories.ts';

describe('Function: describeMapping', () => {
  it('summarises every part of a mapping, one line each', () => {
    // Prepare
    const mapping = mappingOf({
      fields: {
        email: { op: 'tokenize' },
        card: { op: 'mask', keep: 4 },
        notes: { op: 'redact', with: '-' },
        internal: { op: 'drop' },
      },
      filter: {
        all: [
          { field: 'amount', op: 'gt', value: 100 },
          {
            any: [
              { field: 'country', op: 'in', value: ['FR', 'DE'] },
              { field: 'vip', op: 'exists' },
            ],
          },
        ],
      },
      select: ['id', 'email'],
      rename: { email: 'email_token' },
      module: './t.js',
    });

    // Act
    const text = describeMapping(mapping);

    // Assess
    expect(text.split('\n')).toEqual([
      'fields: email tokenize; card mask (keep last 4, char "*"); notes redact (with "-"); internal drop',
      'filter: (amount > 100 and (country in ["FR", "DE"] or vip exists))',
      'select: id, email',
      'rename: email → email_token',
      'module: ./t.js',
    ]);
  });

  it('calls an empty mapping the identity', () => {
    // Act & Assess
    expect(describeMapping(mappingOf({}))).toBe('identity');
  });
});

describe('Function: describeCondition', () => {
  it.each<[Condition, string]>([
    [{ field: 'a', op: 'eq', value: '1' }, 'a = "1"'],
    [{ field: 'a', op: 'ne', value: 1 }, 'a != 1'],
    [{ field: 'a', op: 'lt', value: 'm' }, 'a < "m"'],
    [{ field: 'a', op: 'contains', value: 'x' }, 'a contains "x"'],
    [{ not: { field: 'a', op: 'exists' } }, 'not a exists'],
  ])('writes %j as %s', (condition, expected) => {
    // Act & Assess
    expect(describeCondition(condition)).toBe(expected);
  });
});
