import type { FieldValue, Row } from '@chunkline/contracts';
import { ComparisonOp } from './constants.ts';
import { fieldGetter } from './fieldGetter.ts';
import { toFiniteNumber } from './numeric.ts';
import type { Comparison, Condition, FilterValue } from './types.ts';

/** A compiled filter: true keeps the record. */
export type RowPredicate = (row: Row) => boolean;

/** A compiled filter over records of any shape: true keeps the record. */
export type Predicate<R> = (record: R) => boolean;

/** A reader of one field of a record of shape `R`; `undefined` when it has no such field. */
export type GetterOf<R> = (field: string) => (record: R) => FieldValue | undefined;

/**
 * Compile a condition into a predicate over the input record. All the work that does not
 * depend on the record (string forms, numeric forms, sets for `in`) is done here, once.
 *
 * Semantics (see the README for the full table):
 * - a field is *missing* when the record has no own property of that name or its value is
 *   null; on a missing field `exists` is false and so is every comparison, `ne` included;
 * - `eq`/`ne`/`in` compare string forms: strings as they are, numbers in JavaScript's
 *   canonical form, booleans as `true`/`false` (`"100"` eq `100`; `"100.0"` is not);
 *   arrays and objects are never equal to a constant;
 * - `gt`/`lt` compare numerically when both sides are finite numbers or plain decimal
 *   strings, else by string code-unit order; booleans, arrays and objects never match;
 * - `contains` is substring for strings and `eq`-membership for arrays;
 * - `all`, `any` and `not` are plain boolean logic (`not` of a comparison on a missing field
 *   is true).
 */
export function compileCondition(condition: Condition): RowPredicate {
  return compileConditionOver(condition, fieldGetter);
}

/**
 * `compileCondition` over records of another shape (say, values in column order), with
 * `getterOf` reading a field: the same semantics wherever the getters agree.
 */
export function compileConditionOver<R>(condition: Condition, getterOf: GetterOf<R>): Predicate<R> {
  const compile = (part: Condition): Predicate<R> => compileConditionOver(part, getterOf);
  if ('all' in condition) {
    const parts = condition.all.map(compile);
    return (row) => {
      for (const part of parts) if (!part(row)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compile);
    return (row) => {
      for (const part of parts) if (part(row)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compile(condition.not);
    return (row) => !inner(row);
  }
  return compileComparison(condition, getterOf);
}

function compileComparison<R>(comparison: Comparison, getterOf: GetterOf<R>): Predicate<R> {
  const get = getterOf(comparison.field);
  switch (comparison.op) {
    case ComparisonOp.exists:
      return (row) => {
        const value = get(row);
        return value !== undefined && value !== null;
      };
    case ComparisonOp.eq: {
      const equals = equalsConstant(comparison.value);
      return (row) => equals(get(row));
    }
    case ComparisonOp.ne: {
      const equals = equalsConstant(comparison.value);
      return (row) => {
        const value = get(row);
        return value !== undefined && value !== null && !equals(value);
      };
    }
    case ComparisonOp.in: {
      const member = memberOf(comparison.value);
      return (row) => member(get(row));
    }
    case ComparisonOp.contains: {
      const needle = String(comparison.value);
      const equals = equalsConstant(comparison.value);
      return (row) => {
        const value = get(row);
        if (typeof value === 'string') return value.includes(needle);
        return Array.isArray(value) && value.some(equals);
      };
    }
    case ComparisonOp.gt:
    case ComparisonOp.lt: {
      const order = orderAgainst(comparison.value);
      return comparison.op === ComparisonOp.gt
        ? (row) => order(get(row)) > 0
        : (row) => order(get(row)) < 0;
    }
  }
}

/** The number whose canonical string form is `text`, if any (`"100"` → 100, `"1.0"` → none). */
function canonicalNumber(text: string): number | undefined {
  const parsed = Number(text);
  return text !== '' && String(parsed) === text ? parsed : undefined;
}

function canonicalBoolean(text: string): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** `value` has the same string form as the constant; no string is built per record. */
function equalsConstant(constant: FilterValue): (value: FieldValue | undefined) => boolean {
  const text = String(constant);
  const number = canonicalNumber(text);
  const boolean = canonicalBoolean(text);
  return (value) => {
    switch (typeof value) {
      case 'string':
        return value === text;
      case 'number':
        return value === number;
      case 'boolean':
        return value === boolean;
      default:
        return false;
    }
  };
}

function memberOf(constants: readonly FilterValue[]): (value: FieldValue | undefined) => boolean {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  for (const constant of constants) {
    const text = String(constant);
    texts.add(text);
    const number = canonicalNumber(text);
    if (number !== undefined) numbers.add(number);
    const boolean = canonicalBoolean(text);
    if (boolean !== undefined) booleans.add(boolean);
  }
  return (value) => {
    switch (typeof value) {
      case 'string':
        return texts.has(value);
      case 'number':
        return numbers.has(value);
      case 'boolean':
        return booleans.has(value);
      default:
        return false;
    }
  };
}

/**
 * Sign of (value − constant): positive, negative, zero, or NaN when the two cannot be
 * ordered (missing, boolean, array, object). NaN makes both `> 0` and `< 0` false.
 */
function orderAgainst(constant: number | string): (value: FieldValue | undefined) => number {
  const constantNumber = toFiniteNumber(constant);
  const constantText = String(constant);
  return (value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return Number.NaN;
    if (constantNumber !== undefined) {
      const number = toFiniteNumber(value);
      if (number !== undefined) return number - constantNumber;
    }
    const text = typeof value === 'string' ? value : String(value);
    return text < constantText ? -1 : text > constantText ? 1 : 0;
  };
}
