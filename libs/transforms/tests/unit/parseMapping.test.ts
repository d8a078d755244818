import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MappingError,
  MappingErrorCode,
  isMappingError,
  parseMapping,
  tokenizedFields,
  usesTokenize,
} from '../../src/index.ts';
import { issueLines } from '../helpers/factories.ts';

/** The mapping of SPEC section 4, as a document. */
const SPEC_MAPPING = {
  version: 1,
  fields: {
    email: { op: 'tokenize' },
    card: { op: 'mask', keep: 4 },
    name: { op: 'hash' },
    notes: { op: 'redact' },
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
  select: ['id', 'email', 'amount'],
  rename: { email: 'email_token' },
  module: './my-transform.js',
};

describe('Function: parseMapping', () => {
  it('accepts the mapping of the spec and returns it unchanged', () => {
    // Act
    const mapping = parseMapping(SPEC_MAPPING);

    // Assess
    expect(mapping).toEqual(SPEC_MAPPING);
  });

  it('returns a deeply frozen mapping', () => {
    // Act
    const mapping = parseMapping(structuredClone(SPEC_MAPPING));

    // Assess
    expect(Object.isFrozen(mapping)).toBe(true);
    expect(Object.isFrozen(mapping.fields['card'])).toBe(true);
    expect(Object.isFrozen(mapping.select)).toBe(true);
    expect(Object.isFrozen(mapping.filter)).toBe(true);
  });

  it('defaults fields to {} and leaves everything else out', () => {
    // Act
    const mapping = parseMapping({ version: 1 });

    // Assess
    expect(mapping).toEqual({ version: 1, fields: {} });
  });

  it.each<[string, unknown, string]>([
    ['a document that is not an object', 'fields', 'mapping: expected an object, got "fields"'],
    ['null', null, 'mapping: expected an object, got null'],
    ['a missing version', { fields: {} }, 'mapping.version: expected 1, got nothing'],
    ['an unknown version', { version: 2 }, 'mapping.version: expected 1, got 2'],
    [
      'an unknown top-level key',
      { version: 1, field: {} },
      'mapping.field: unknown key, allowed here: version, fields, filter, select, rename, module',
    ],
    [
      'an unknown op',
      { version: 1, fields: { email: { op: 'tokenise' } } },
      'mapping.fields.email.op: expected one of tokenize|mask|hash|redact|drop, got "tokenise"',
    ],
    [
      'a missing op',
      { version: 1, fields: { email: { keep: 4 } } },
      'mapping.fields.email.op: is required (one of tokenize|mask|hash|redact|drop)',
    ],
    [
      'an unknown key on an op',
      { version: 1, fields: { card: { op: 'mask', keep: 4, kep: 2 } } },
      'mapping.fields.card.kep: unknown key, allowed here: op, keep, char',
    ],
    [
      'an option of another op',
      { version: 1, fields: { card: { op: 'hash', keep: 4 } } },
      'mapping.fields.card.keep: unknown key, allowed here: op',
    ],
    [
      'a negative keep',
      { version: 1, fields: { card: { op: 'mask', keep: -1 } } },
      'mapping.fields.card.keep: must be >= 0, got -1',
    ],
    [
      'a fractional keep',
      { version: 1, fields: { card: { op: 'mask', keep: 1.5 } } },
      'mapping.fields.card.keep: expected an integer, got 1.5',
    ],
    [
      'keep as a string',
      { version: 1, fields: { card: { op: 'mask', keep: '4' } } },
      'mapping.fields.card.keep: expected a number, got "4"',
    ],
    [
      'a missing keep',
      { version: 1, fields: { card: { op: 'mask' } } },
      'mapping.fields.card.keep: is required (expected a number)',
    ],
    [
      'a mask char of two characters',
      { version: 1, fields: { card: { op: 'mask', keep: 4, char: '**' } } },
      'mapping.fields.card.char: must be exactly one character (code point), got "**"',
    ],
    [
      'a redact text that is not a string',
      { version: 1, fields: { notes: { op: 'redact', with: 0 } } },
      'mapping.fields.notes.with: expected a string, got 0',
    ],
    [
      'a field op that is not an object',
      { version: 1, fields: { notes: 'redact' } },
      'mapping.fields.notes: expected an object, got "redact"',
    ],
    [
      'a field name that is not an identifier',
      { version: 1, fields: { 'first name': { op: 'hsh' } } },
      'mapping.fields["first name"].op: expected one of tokenize|mask|hash|redact|drop, got "hsh"',
    ],
    [
      'an empty select',
      { version: 1, select: [] },
      'mapping.select: must list at least 1 item, got an empty array',
    ],
    [
      'a select entry that is not a string',
      { version: 1, select: ['id', 7] },
      'mapping.select[1]: expected a string, got 7',
    ],
    [
      'an empty select entry',
      { version: 1, select: [''] },
      'mapping.select[0]: must not be empty, got ""',
    ],
    [
      'a field selected twice',
      { version: 1, select: ['id', 'id'] },
      'mapping.select[1]: duplicate entry; each field may be selected once, got "id"',
    ],
    [
      'an empty rename target',
      { version: 1, rename: { a: '' } },
      'mapping.rename.a: must not be empty, got ""',
    ],
    [
      'a module that is not a string',
      { version: 1, module: 5 },
      'mapping.module: expected a string, got 5',
    ],
    [
      'an unknown filter op',
      { version: 1, filter: { field: 'a', op: 'gte', value: 1 } },
      'mapping.filter.op: expected one of eq|ne|contains|gt|lt|in|exists, got "gte"',
    ],
    [
      'a misspelt comparison key',
      { version: 1, filter: { fild: 'a', op: 'eq', value: 1 } },
      'mapping.filter.fild: unknown key, allowed here: field, op, value',
    ],
    [
      'a value on exists',
      { version: 1, filter: { field: 'a', op: 'exists', value: true } },
      'mapping.filter.value: unknown key, allowed here: field, op',
    ],
    [
      'a missing value',
      { version: 1, filter: { field: 'a', op: 'eq' } },
      'mapping.filter.value: expected a string, number or boolean, got nothing',
    ],
    [
      'a null value',
      { version: 1, filter: { field: 'a', op: 'eq', value: null } },
      'mapping.filter.value: expected a string, number or boolean, got null',
    ],
    [
      'a boolean for gt',
      { version: 1, filter: { field: 'a', op: 'gt', value: true } },
      'mapping.filter.value: expected a number or string, got true',
    ],
    [
      'a scalar for in',
      { version: 1, filter: { field: 'a', op: 'in', value: 'FR' } },
      'mapping.filter.value: expected an array, got "FR"',
    ],
    [
      'an empty in list',
      { version: 1, filter: { field: 'a', op: 'in', value: [] } },
      'mapping.filter.value: must list at least 1 item, got an empty array',
    ],
    [
      'an empty all',
      { version: 1, filter: { all: [] } },
      'mapping.filter.all: must list at least 1 item, got an empty array',
    ],
    [
      'all and any in one object',
      { version: 1, filter: { all: [{ field: 'a', op: 'exists' }], any: [] } },
      'mapping.filter.any: unknown key, allowed here: all',
    ],
    [
      'a nested error',
      {
        version: 1,
        filter: {
          all: [
            { field: 'a', op: 'exists' },
            { any: [{ not: { field: 'b', op: 'like', value: 'x' } }] },
          ],
        },
      },
      'mapping.filter.all[1].any[0].not.op: expected one of eq|ne|contains|gt|lt|in|exists, got "like"',
    ],
    [
      'an op on a field named __proto__',
      JSON.parse('{"version": 1, "fields": {"__proto__": {"op": "drop"}}}'),
      'mapping.fields.__proto__: "__proto__" cannot be named in fields; use select to leave such a field out',
    ],
    [
      'a rename of a field named __proto__',
      JSON.parse('{"version": 1, "rename": {"__proto__": "proto"}}'),
      'mapping.rename.__proto__: "__proto__" cannot be named in rename; use select to leave such a field out',
    ],
    [
      'a condition that is not an object',
      { version: 1, filter: { any: ['vip'] } },
      'mapping.filter.any[0]: expected an object, got "vip"',
    ],
  ])('rejects %s, naming the path', (_label, input, expected) => {
    // Act
    const lines = issueLines(() => parseMapping(input));

    // Assess
    expect(lines).toContain(expected);
  });

  it('lists every problem at once in one InvalidMapping error', () => {
    // Prepare
    const input = {
      version: 1,
      fields: { email: { op: 'tokenise' }, card: { op: 'mask', keep: -1 } },
      select: [],
      extra: true,
    };

    // Act
    let error: unknown;
    try {
      parseMapping(input);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(isMappingError(error, MappingErrorCode.invalidMapping)).toBe(true);
    const mappingError = error as MappingError;
    expect(mappingError.name).toBe('MappingError');
    expect(mappingError.issues.map((issue) => issue.path)).toEqual([
      'mapping.fields.email.op',
      'mapping.fields.card.keep',
      'mapping.select',
      'mapping.extra',
    ]);
    expect(mappingError.message).toMatch(
      /^mapping is invalid \(4 problems\): mapping\.fields\.email\.op: /,
    );
  });

  it.each<[string, unknown, string, string]>([
    [
      'a selected field that is dropped',
      { version: 1, fields: { internal: { op: 'drop' } }, select: ['id', 'internal'] },
      MappingErrorCode.droppedFieldReferenced,
      'mapping.select[1]: "internal" is dropped by mapping.fields.internal; remove it from select or stop dropping it',
    ],
    [
      'a renamed field that is dropped',
      { version: 1, fields: { internal: { op: 'drop' } }, rename: { internal: 'x' } },
      MappingErrorCode.droppedFieldReferenced,
      'mapping.rename.internal: "internal" is dropped by mapping.fields.internal; remove it from rename or stop dropping it',
    ],
    [
      'a renamed field that is not selected',
      { version: 1, select: ['id'], rename: { email: 'email_token' } },
      MappingErrorCode.renameNotSelected,
      'mapping.rename.email: "email" is not in select, so renaming it to "email_token" would have no effect; add it to select or remove the rename',
    ],
    [
      'two renames onto one name',
      { version: 1, rename: { a: 'x', b: 'x' } },
      MappingErrorCode.renameCollision,
      'mapping.rename.b: "a" and "b" would both be output as "x"; rename one of them to a free name',
    ],
    [
      'a rename onto a selected field',
      { version: 1, select: ['a', 'b'], rename: { a: 'b' } },
      MappingErrorCode.renameCollision,
      'mapping.rename.a: "a" and "b" would both be output as "b"; rename one of them to a free name',
    ],
  ])('rejects %s with its own code', (_label, input, code, expected) => {
    // Act & Assess
    expect(() => parseMapping(input)).toThrow(expect.objectContaining({ code }));
    expect(issueLines(() => parseMapping(input))).toContain(expected);
  });

  it('accepts a swap of two selected names', () => {
    // Act & Assess
    expect(() =>
      parseMapping({ version: 1, select: ['a', 'b'], rename: { a: 'b', b: 'a' } }),
    ).not.toThrow();
  });

  it('property: any JSON value either parses or throws a MappingError with issues', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseMapping(value);
        } catch (error) {
          expect(error).toBeInstanceOf(MappingError);
          expect((error as MappingError).issues.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('Function: usesTokenize', () => {
  it.each<[string, Record<string, unknown>, boolean, string[]]>([
    ['no fields', {}, false, []],
    ['no tokenize op', { card: { op: 'mask', keep: 4 }, notes: { op: 'redact' } }, false, []],
    [
      'tokenize ops',
      { a: { op: 'tokenize' }, b: { op: 'hash' }, c: { op: 'tokenize' } },
      true,
      ['a', 'c'],
    ],
  ])('with %s → %s', (_label, fields, expected, fieldNames) => {
    // Prepare
    const mapping = parseMapping({ version: 1, fields });

    // Act & Assess
    expect(usesTokenize(mapping)).toBe(expected);
    expect(tokenizedFields(mapping)).toEqual(fieldNames);
  });
});
