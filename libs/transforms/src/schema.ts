import { z } from 'zod';
import { ComparisonOp, FieldOpName, MAPPING_VERSION } from './constants.ts';
import type { Condition, FieldOp, Mapping } from './types.ts';

/** A strict object whose unknown-key message lists the keys allowed there. */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `allowed here: ${allowed}` : undefined),
  });
}

const name = z.string().min(1);
const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'expected a string, number or boolean',
});
const orderable = z.union([z.string(), z.number()], { error: 'expected a number or string' });
const oneCodePoint = z
  .string()
  .refine((value) => [...value].length === 1, 'must be exactly one character (code point)');

/** Schema of one field operation, told apart by `op`. */
export const fieldOpSchema = z.discriminatedUnion('op', [
  strict({ op: z.literal(FieldOpName.tokenize) }),
  strict({
    op: z.literal(FieldOpName.mask),
    keep: z.number().int().min(0),
    char: oneCodePoint.optional(),
  }),
  strict({ op: z.literal(FieldOpName.hash) }),
  strict({ op: z.literal(FieldOpName.redact), with: z.string().optional() }),
  strict({ op: z.literal(FieldOpName.drop) }),
]);

const comparisonSchema = z.discriminatedUnion('op', [
  strict({
    field: name,
    op: z.enum([ComparisonOp.eq, ComparisonOp.ne, ComparisonOp.contains]),
    value: scalar,
  }),
  strict({ field: name, op: z.enum([ComparisonOp.gt, ComparisonOp.lt]), value: orderable }),
  strict({ field: name, op: z.literal(ComparisonOp.in), value: z.array(scalar).min(1) }),
  strict({ field: name, op: z.literal(ComparisonOp.exists) }),
]);

const allSchema = strict({ all: z.array(z.lazy(() => conditionSchema)).min(1) });
const anySchema = strict({ any: z.array(z.lazy(() => conditionSchema)).min(1) });
const notSchema = strict({ not: z.lazy(() => conditionSchema) });

/**
 * Schema of a filter condition. The branch is chosen by key (`all`, `any`, `not`, else a
 * comparison) so that errors describe the branch the author meant, not every branch.
 */
export const conditionSchema: z.ZodType<Condition> = z.unknown().transform((value, ctx) => {
  const branch =
    typeof value !== 'object' || value === null || Array.isArray(value)
      ? comparisonSchema
      : 'all' in value
        ? allSchema
        : 'any' in value
          ? anySchema
          : 'not' in value
            ? notSchema
            : comparisonSchema;
  const result = branch.safeParse(value, { reportInput: true });
  if (result.success) return result.data as Condition;
  // Re-raise the branch's finished issues here; zod prefixes their paths on the way up.
  ctx.issues.push(...(result.error.issues as z.core.$ZodRawIssue[]));
  return z.NEVER;
});

const selectSchema = z
  .array(name)
  .min(1)
  .check((ctx) => {
    const seen = new Set<string>();
    ctx.value.forEach((field, index) => {
      if (seen.has(field)) {
        ctx.issues.push({
          code: 'custom',
          path: [index],
          message: 'duplicate entry; each field may be selected once',
          input: field,
        });
      }
      seen.add(field);
    });
  });

/** Schema of a whole mapping document. Unknown keys are rejected at every level. */
export const mappingSchema = strict({
  version: z.literal(MAPPING_VERSION),
  fields: z.record(name, fieldOpSchema).default({}),
  filter: conditionSchema.optional(),
  select: selectSchema.optional(),
  rename: z.record(name, name).optional(),
  module: name.optional(),
});

// Compile-time proof that what the schema produces is a `Mapping`.
type SchemaOutput = z.output<typeof mappingSchema>;
const _mappingCheck: (value: SchemaOutput) => Mapping = (value) => value;
const _fieldOpCheck: (value: z.output<typeof fieldOpSchema>) => FieldOp = (value) => value;
