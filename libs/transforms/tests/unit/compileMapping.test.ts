import { describe, expect, it } from 'vitest';
import type { Row } from '@chunkline/contracts';
import {
  MappingError,
  MappingErrorCode,
  compileMapping,
  createTokenizer,
  parseMapping,
} from '../../src/index.ts';
import type { Mapping, UserTransform } from '../../src/index.ts';
import { TEST_KEY, compiled, mappingOf } from '../helpers/factories.ts';

const token = createTokenizer(TEST_KEY);

describe('Function: compileMapping (order of application)', () => {
  it('filters on the input record, then runs the user transform, then the field ops, then select and rename', () => {
    // Prepare
    const seen: Row[] = [];
    const userTransform: UserTransform = (row) => {
      seen.push({ ...row });
      return { ...row, email: String(row['email']).toLowerCase(), added: 'by-user' };
    };
    const mapping = {
      fields: { email: { op: 'tokenize' } },
      filter: { field: 'email', op: 'contains', value: '@' },
      select: ['added', 'email'],
      rename: { email: 'email_token' },
    };

    // Act
    const out = compiled(mapping, { tokenizeKey: TEST_KEY, userTransform }).apply({
      email: 'Alice@Example.com',
      id: '1',
    });

    // Assess
    expect(seen).toEqual([{ email: 'Alice@Example.com', id: '1' }]);
    expect(out).toEqual({ added: 'by-user', email_token: token('alice@example.com') });
    expect(Object.keys(out ?? {})).toEqual(['added', 'email_token']);
  });

  it('does not run the user transform on a record the filter rejects', () => {
    // Prepare
    let calls = 0;
    const userTransform: UserTransform = (row) => {
      calls += 1;
      return row;
    };

    // Act
    const out = compiled({ filter: { field: 'keep', op: 'exists' } }, { userTransform }).apply({
      id: '1',
    });

    // Assess
    expect(out).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('filters on the input record, not on what the user transform makes of it', () => {
    // Prepare
    const userTransform: UserTransform = (row) => ({ ...row, vip: 'yes' });

    // Act
    const out = compiled({ filter: { field: 'vip', op: 'exists' } }, { userTransform }).apply({
      id: '1',
    });

    // Assess
    expect(out).toBeUndefined();
  });

  it.each<[string, UserTransform]>([
    ['null', () => null],
    ['undefined', () => undefined],
  ])('drops the record when the user transform returns %s', (_label, userTransform) => {
    // Act & Assess
    expect(compiled({}, { userTransform }).apply({ id: '1' })).toBeUndefined();
  });

  it('lets the user transform modify the record in place', () => {
    // Prepare
    const userTransform: UserTransform = (row) => {
      row['id'] = `#${String(row['id'])}`;
      return row;
    };

    // Act
    const out = compiled({ fields: { secret: { op: 'drop' } } }, { userTransform }).apply({
      id: '1',
      secret: 's',
    });

    // Assess
    expect(out).toEqual({ id: '#1' });
  });

  it('wraps an error thrown by the user transform, naming the module and keeping the cause', () => {
    // Prepare
    const cause = new RangeError('bad amount');
    const userTransform: UserTransform = () => {
      throw cause;
    };
    const apply = compiled({ module: './my-transform.js' }, { userTransform }).apply;

    // Act & Assess
    expect(() => apply({ amount: 'x' })).toThrow(
      expect.objectContaining({
        code: MappingErrorCode.userTransformFailed,
        message: 'the user transform (./my-transform.js) threw: RangeError: bad amount',
        cause,
      }),
    );
  });

  it.each<[string, unknown, string]>([
    ['a string', 'row', 'a string'],
    ['an array', [], 'an array'],
    ['a promise', Promise.resolve({}), 'a promise'],
  ])('rejects a user transform that returns %s', (_label, result, described) => {
    // Prepare
    const userTransform = (() => result) as unknown as UserTransform;

    // Act & Assess
    expect(() => compiled({}, { userTransform }).apply({ id: '1' })).toThrow(
      expect.objectContaining({
        code: MappingErrorCode.userTransformFailed,
        message: expect.stringContaining(`returned ${described}`),
      }),
    );
  });
});

describe('Function: compileMapping (projection and rename)', () => {
  it('passes every field through, as a new object, when the mapping is empty', () => {
    // Prepare
    const row = { id: '1', tags: ['a'], nested: { b: 2 } };

    // Act
    const out = compiled({}).apply(row);

    // Assess
    expect(out).toEqual(row);
    expect(out).not.toBe(row);
  });

  it('outputs the selected fields in select order', () => {
    // Act
    const out = compiled({ select: ['c', 'a'] }).apply({ a: '1', b: '2', c: '3' });

    // Assess
    expect(out).toEqual({ c: '3', a: '1' });
    expect(Object.keys(out ?? {})).toEqual(['c', 'a']);
  });

  it('leaves out a selected field the record lacks, and keeps a selected null', () => {
    // Act
    const out = compiled({ select: ['a', 'missing', 'n'] }).apply({ a: '1', n: null });

    // Assess
    expect(out).toEqual({ a: '1', n: null });
  });

  it('applies field ops to selected fields only', () => {
    // Act
    const out = compiled({
      fields: { card: { op: 'mask', keep: 2 }, notes: { op: 'redact' } },
      select: ['card'],
    }).apply({ card: '1234', notes: 'n' });

    // Assess
    expect(out).toEqual({ card: '**34' });
  });

  it('renames after projection, keeping the position', () => {
    // Act
    const out = compiled({ select: ['id', 'email'], rename: { email: 'email_token' } }).apply({
      email: 'e',
      id: '1',
    });

    // Assess
    expect(Object.entries(out ?? {})).toEqual([
      ['id', '1'],
      ['email_token', 'e'],
    ]);
  });

  it('renames in place without select, and applies the op of the source field', () => {
    // Act
    const out = compiled({
      fields: { email: { op: 'tokenize' }, internal: { op: 'drop' } },
      rename: { email: 'email_token' },
    }).apply({ id: '1', email: 'e', internal: 'x', amount: '3' });

    // Assess
    expect(Object.entries(out ?? {})).toEqual([
      ['id', '1'],
      ['email_token', token('e')],
      ['amount', '3'],
    ]);
  });

  it('swaps two names', () => {
    // Act
    const out = compiled({ rename: { a: 'b', b: 'a' } }).apply({ a: '1', b: '2' });

    // Assess
    expect(out).toEqual({ b: '1', a: '2' });
  });

  it('may rename onto a dropped field', () => {
    // Act
    const out = compiled({ fields: { old: { op: 'drop' } }, rename: { new: 'old' } }).apply({
      old: 'x',
      new: 'y',
    });

    // Assess
    expect(out).toEqual({ old: 'y' });
  });

  it('throws RenameCollision when, without select, a record has the field a rename targets', () => {
    // Prepare
    const apply = compiled({ rename: { a: 'b' }, fields: { b: { op: 'hash' } } }).apply;

    // Act & Assess
    expect(apply({ b: 'x' })).toEqual({ b: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(apply({ a: '1' })).toEqual({ b: '1' });
    expect(() => apply({ a: '1', b: '2' })).toThrow(
      expect.objectContaining({ code: MappingErrorCode.renameCollision }),
    );
    expect(() => apply({ b: '2', a: '1' })).toThrow(MappingError);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['passed through', {}, '{"__proto__":"p","a":"1"}'],
    ['selected', { select: ['a', '__proto__'] }, '{"a":"1","__proto__":"p"}'],
    ['the target of a rename', { select: ['a'], rename: { a: '__proto__' } }, '{"__proto__":"1"}'],
  ])('writes a field named __proto__ as an ordinary field when %s', (_label, mapping, expected) => {
    // Prepare
    const row = JSON.parse('{"__proto__": "p", "a": "1"}') as Row;

    // Act
    const out = compiled(mapping).apply(row);

    // Assess
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(expected);
  });
});

describe('Function: compileMapping (outputColumns)', () => {
  it.each<[string, Record<string, unknown>, string[], string[]]>([
    ['no mapping: the input columns', {}, ['id', 'email'], ['id', 'email']],
    [
      'drop removes columns',
      { fields: { internal: { op: 'drop' } } },
      ['id', 'internal', 'x'],
      ['id', 'x'],
    ],
    [
      'select gives the columns and their order',
      { select: ['x', 'id'] },
      ['id', 'email', 'x'],
      ['x', 'id'],
    ],
    [
      'select may name columns the input lacks',
      { select: ['id', 'added'] },
      ['id'],
      ['id', 'added'],
    ],
    [
      'rename renames after select',
      { select: ['id', 'email'], rename: { email: 'email_token' } },
      ['email', 'id'],
      ['id', 'email_token'],
    ],
    [
      'rename without select renames in place',
      { fields: { internal: { op: 'drop' } }, rename: { email: 'email_token' } },
      ['id', 'email', 'internal'],
      ['id', 'email_token'],
    ],
    ['a swap', { rename: { a: 'b', b: 'a' } }, ['a', 'b'], ['b', 'a']],
  ])('%s', (_label, mapping, input, expected) => {
    // Act
    const columns = compiled(mapping).outputColumns(input);

    // Assess
    expect(columns).toEqual(expected);
  });

  it('matches the keys of applied CSV records', () => {
    // Prepare
    const mapping = compiled({
      fields: { email: { op: 'tokenize' }, internal: { op: 'drop' } },
      rename: { email: 'email_token' },
    });
    const columns = ['id', 'email', 'internal', 'amount'];

    // Act
    const out = mapping.apply({ id: '1', email: 'e', internal: 'i', amount: '2' });

    // Assess
    expect(Object.keys(out ?? {})).toEqual(mapping.outputColumns(columns));
  });

  it('throws RenameCollision when a rename targets an input column that stays', () => {
    // Act & Assess
    expect(() => compiled({ rename: { a: 'b' } }).outputColumns(['a', 'b'])).toThrow(
      expect.objectContaining({
        code: MappingErrorCode.renameCollision,
        message: expect.stringContaining('"a" and "b" would both be named "b"'),
      }),
    );
  });
});

describe('Function: compileMapping (mapping checks)', () => {
  it.each<[string, Mapping, string]>([
    [
      'select names a dropped field',
      { version: 1, fields: { internal: { op: 'drop' } }, select: ['internal'] },
      MappingErrorCode.droppedFieldReferenced,
    ],
    [
      'rename names a dropped field',
      { version: 1, fields: { internal: { op: 'drop' } }, rename: { internal: 'x' } },
      MappingErrorCode.droppedFieldReferenced,
    ],
    [
      'two renames collide',
      { version: 1, fields: {}, rename: { a: 'x', b: 'x' } },
      MappingErrorCode.renameCollision,
    ],
    [
      'a rename collides with a selected field',
      { version: 1, fields: {}, select: ['a', 'x'], rename: { a: 'x' } },
      MappingErrorCode.renameCollision,
    ],
    [
      'a rename names a field that is not selected',
      { version: 1, fields: {}, select: ['a'], rename: { b: 'c' } },
      MappingErrorCode.renameNotSelected,
    ],
  ])('throws when %s, even for a mapping built by hand', (_label, mapping, code) => {
    // Act & Assess
    expect(() => compileMapping(mapping, {})).toThrow(
      expect.objectContaining({ name: 'MappingError', code }),
    );
  });

  it('compiles a parsed mapping once and applies it to many records', () => {
    // Prepare
    const mapping = parseMapping({
      version: 1,
      fields: { n: { op: 'hash' } },
      filter: { field: 'n', op: 'gt', value: 1 },
    });
    const apply = compileMapping(mapping, {}).apply;

    // Act
    const outputs = ['0', '1', '2', '3'].map((n) => apply({ n }));

    // Assess
    expect(outputs.filter((out) => out !== undefined)).toHaveLength(2);
  });

  it('accepts options left out entirely', () => {
    // Act & Assess
    expect(compileMapping(mappingOf({ select: ['a'] })).apply({ a: '1', b: '2' })).toEqual({
      a: '1',
    });
  });
});
