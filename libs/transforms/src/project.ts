import type { Row } from '@chunkline/contracts';
import type { ValueFn } from './compileFieldOp.ts';
import { MappingError, MappingErrorCode } from './errors.ts';
import { fieldGetter, setField } from './fieldGetter.ts';
import type { FieldGetter } from './fieldGetter.ts';
import { formatPath } from './path.ts';

/** A compiled field operation by field name: a value function, or `'drop'`. */
export type FieldOps = ReadonlyMap<string, ValueFn | 'drop'>;

/** What happens to one named field when there is no `select`. */
type FieldPlan =
  | { readonly kind: 'drop' }
  | { readonly kind: 'keep'; readonly target: string; readonly fn: ValueFn | undefined }
  /** A field the mapping leaves alone but whose name a rename gives to another field. */
  | { readonly kind: 'taken'; readonly by: string; readonly fn: ValueFn | undefined };

/** One output field when there is a `select`. */
interface SelectStep {
  readonly get: FieldGetter;
  readonly target: string;
  readonly fn: ValueFn | undefined;
}

/**
 * Steps 3 and 4 of `apply` when there is a `select`: for each selected field in order, read
 * it, run its operation and write it under its renamed name. A field the record lacks is
 * left out. Only the output object is allocated.
 */
export function projectSelected(
  select: readonly string[],
  ops: FieldOps,
  rename: ReadonlyMap<string, string>,
): (row: Row) => Row {
  const steps = select.map((field) => selectStep(field, ops, rename));
  return (row) => {
    const out: Row = {};
    for (const step of steps) {
      const value = step.get(row);
      if (value === undefined) continue;
      setField(out, step.target, step.fn === undefined ? value : step.fn(value));
    }
    return out;
  };
}

/**
 * Steps 3 and 4 of `apply` without `select`: every own field of the record in its order,
 * less the dropped ones, with operations run and renames applied in place. Throws
 * `RenameCollision` when the record has both a renamed field and a field already named
 * like its new name.
 */
export function projectAll(ops: FieldOps, rename: ReadonlyMap<string, string>): (row: Row) => Row {
  const plans = planFields(ops, rename);
  return (row) => {
    const out: Row = {};
    for (const field in row) {
      if (!Object.hasOwn(row, field)) continue;
      const value = row[field];
      if (value === undefined) continue;
      const plan = plans.get(field);
      if (plan === undefined) {
        setField(out, field, value);
      } else if (plan.kind === 'keep') {
        setField(out, plan.target, plan.fn === undefined ? value : plan.fn(value));
      } else if (plan.kind === 'taken') {
        if (Object.hasOwn(row, plan.by) && row[plan.by] !== undefined) {
          throw takenError(field, plan.by);
        }
        setField(out, field, plan.fn === undefined ? value : plan.fn(value));
      }
    }
    return out;
  };
}

function planFields(
  ops: FieldOps,
  rename: ReadonlyMap<string, string>,
): ReadonlyMap<string, FieldPlan> {
  const plans = new Map<string, FieldPlan>();
  for (const [field, op] of ops) {
    plans.set(field, op === 'drop' ? { kind: 'drop' } : { kind: 'keep', target: field, fn: op });
  }
  for (const [from, to] of rename) {
    const plan = plans.get(from);
    plans.set(from, { kind: 'keep', target: to, fn: plan?.kind === 'keep' ? plan.fn : undefined });
  }
  for (const [from, to] of rename) {
    if (to === from) continue;
    const plan = plans.get(to);
    if (plan === undefined) plans.set(to, { kind: 'taken', by: from, fn: undefined });
    else if (plan.kind === 'keep' && plan.target === to)
      plans.set(to, { kind: 'taken', by: from, fn: plan.fn });
  }
  return plans;
}

function takenError(field: string, by: string): MappingError {
  return new MappingError(
    MappingErrorCode.renameCollision,
    `the record has a field "${field}" and ${formatPath(['rename', by])} renames "${by}" to "${field}"; add a select, drop "${field}" or rename one of them to a free name`,
  );
}

function selectStep(field: string, ops: FieldOps, rename: ReadonlyMap<string, string>): SelectStep {
  const op = ops.get(field);
  return {
    get: fieldGetter(field),
    target: rename.get(field) ?? field,
    fn: op === 'drop' ? undefined : op,
  };
}
