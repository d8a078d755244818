import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '@chunkline/contracts';
import { compileMapping, parseMapping } from '../../src/index.ts';
import type { CompiledMapping, PositionalRecord } from '../../src/index.ts';
import { TEST_KEY, compiled } from '../helpers/factories.ts';

/** Column names, some of them inherited from `Object.prototype` or integer-like (which objects reorder). */
const NAMES = ['id', 'email', 'amount', 'note', 'constructor', 'toString', '1', '0', 'a b'];
const VALUES = ['', '100', '99.5', '-3', 'abc', 'true', 'false', '1e3', ' 5', 'é😀', 'a,b', '"q"'];

const name = fc.constantFrom(...NAMES);
const value = fc.constantFrom(...VALUES);
const constant = fc.oneof(value, fc.integer({ min: -5, max: 200 }), fc.boolean());

const comparison = fc.oneof(
  fc.record({ field: name, op: fc.constantFrom('eq', 'ne', 'contains'), value: constant }),
  fc.record({ field: name, op: fc.constantFrom('gt', 'lt'), value: fc.oneof(value, fc.integer()) }),
  fc.record({ field: name, op: fc.constant('in'), value: fc.array(constant, { maxLength: 3 }) }),
  fc.record({ field: name, op: fc.constant('exists') }),
);
const condition = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
})).condition;

const fieldOp = fc.oneof(
  fc.constant({ op: 'tokenize' }),
  fc.constant({ op: 'hash' }),
  fc.constant({ op: 'drop' }),
  fc.record({ op: fc.constant('mask'), keep: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('redact'), with: fc.constantFrom('[X]', '') }),
);

/** A mapping document over the names; some are inconsistent and `parseMapping` refuses them. */
const mappingDocument = fc.record(
  {
    fields: fc.dictionary(name, fieldOp, { maxKeys: 4 }),
    filter: condition,
    select: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
    rename: fc.dictionary(name, fc.constantFrom('x', 'y', 'id', 'email', '2'), { maxKeys: 2 }),
  },
  { requiredKeys: ['fields'] },
);

/** A compiled mapping, or undefined when the document is not a valid mapping. */
function compiledOrNone(document: Record<string, unknown>): CompiledMapping | undefined {
  try {
    return compileMapping(parseMapping({ version: 1, ...document }), { tokenizeKey: TEST_KEY });
  } catch {
    return undefined;
  }
}

/** A record read by position from its values. */
function recordOf(values: readonly string[]): PositionalRecord {
  return { value: (index) => values[index] as string };
}

/** What the row path writes for a record: the output columns' values, missing ones empty. */
function rowPathValues(
  mapping: CompiledMapping,
  columns: readonly string[],
  values: readonly string[],
): string[] | undefined {
  const row: Row = {};
  columns.forEach((column, i) => (row[column] = values[i] as string));
  const out = mapping.apply(row);
  if (out === undefined) return undefined;
  return mapping
    .outputColumns(columns)
    .map((column) => (Object.hasOwn(out, column) ? String(out[column]) : ''));
}

describe('Function: compileMapping (byPosition)', () => {
  it('property: gives the values the row path writes, for random mappings, columns and records', () => {
    fc.assert(
      fc.property(
        mappingDocument,
        fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(value, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (document, columns, records) => {
          // Prepare
          const mapping = compiledOrNone(document);
          fc.pre(mapping !== undefined);
          // Act
          const byPosition = mapping.byPosition(columns);
          // Assess: a mapping refused by position is one whose output columns collide
          if (byPosition === undefined) {
            expect(() => mapping.outputColumns(columns)).toThrow();
            return;
          }
          for (const record of records) {
            const values = record.slice(0, columns.length);
            const applied = byPosition.apply(recordOf(values));
            expect(applied).toEqual(rowPathValues(mapping, columns, values));
            // An output's op on byte text gives what it gives on the text (of a field the input has).
            byPosition.outputs.forEach(({ index, fnOfByteText }, i) => {
              if (fnOfByteText === undefined || applied === undefined || index < 0) return;
              const byteText = Buffer.from(values[index] ?? '', 'utf8').toString('latin1');
              expect(fnOfByteText(byteText)).toBe(applied[i]);
            });
            // An output's alphabet, when it has one, holds every character of its values.
            byPosition.outputs.forEach(({ alphabet }, i) => {
              if (alphabet === undefined || applied === undefined) return;
              for (const char of applied[i] ?? '') expect(alphabet).toContain(char);
            });
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives tokens, hashes and redactions an alphabet, and masks and copies none; only tokens an op on byte text', () => {
    // Prepare
    const mapping = compiled({
      version: 1,
      fields: {
        id: { op: 'hash' },
        email: { op: 'tokenize' },
        note: { op: 'redact', with: '[gone]' },
        amount: { op: 'mask', keep: 2 },
      },
    });
    // Act
    const outputs = mapping.byPosition(['id', 'email', 'note', 'amount', 'a b'])?.outputs;
    // Assess
    expect(outputs?.map((output) => output.fnOfByteText !== undefined)).toEqual([
      false,
      true,
      false,
      false,
      false,
    ]);
    expect(outputs?.map((output) => output.alphabet)).toEqual([
      '0123456789abcdef',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
      '[gone]',
      undefined,
      undefined,
    ]);
  });

  it('tokenizes, hashes, masks and filters by position, with select and rename', () => {
    // Prepare
    const mapping = compiled({
      fields: { email: { op: 'tokenize' }, card: { op: 'mask', keep: 2 } },
      filter: { field: 'amount', op: 'gt', value: 100 },
      select: ['card', 'email', 'missing'],
      rename: { email: 'email_token' },
    });
    const columns = ['email', 'amount', 'card'];
    // Act
    const byPosition = mapping.byPosition(columns);
    const kept = byPosition?.apply(recordOf(['a@b.c', '150', '123456']));
    const dropped = byPosition?.apply(recordOf(['a@b.c', '50', '123456']));
    // Assess
    expect(kept).toEqual(rowPathValues(mapping, columns, ['a@b.c', '150', '123456']));
    expect(kept?.[0]).toBe('****56');
    expect(kept?.[1]).toMatch(/^tok_/);
    expect(kept?.[2]).toBe('');
    expect(dropped).toBeUndefined();
  });

  it('is not offered when a user transform runs, or when columns repeat or include __proto__', () => {
    // Prepare
    const withModule = compiled({ fields: {} }, { userTransform: (row) => row });
    const plain = compiled({ fields: {} });
    // Act / Assess
    expect(withModule.byPosition(['a'])).toBeUndefined();
    expect(plain.byPosition(['a', 'a'])).toBeUndefined();
    expect(plain.byPosition(['__proto__'])).toBeUndefined();
    expect(plain.byPosition(['a', 'b'])?.apply(recordOf(['1', '2']))).toEqual(['1', '2']);
  });

  it('is not offered when renames make output columns collide', () => {
    // Prepare
    const mapping = compiled({ fields: {}, rename: { a: 'b' } });
    // Act / Assess
    expect(mapping.byPosition(['a', 'b'])).toBeUndefined();
    expect(mapping.byPosition(['a', 'c'])?.apply(recordOf(['1', '2']))).toEqual(['1', '2']);
  });
});
