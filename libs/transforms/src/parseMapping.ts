import { checkReferences } from './checkReferences.ts';
import { MappingErrorCode, mappingErrorFromIssues } from './errors.ts';
import type { MappingIssue } from './errors.ts';
import { formatIssues } from './formatIssues.ts';
import { formatPath } from './path.ts';
import { mappingSchema } from './schema.ts';
import type { Mapping } from './types.ts';

/**
 * Validate a mapping document (parsed JSON) and return it typed and deeply frozen.
 *
 * Throws a `MappingError` that lists every problem with its JSON path: code
 * `InvalidMapping` for schema problems (unknown keys and ops, wrong types, negative `keep`,
 * empty `select`…); when the document is well-formed but inconsistent, the code of the
 * first cross-reference problem (`DroppedFieldReferenced`, `RenameNotSelected`,
 * `RenameCollision`).
 */
export function parseMapping(input: unknown): Mapping {
  const result = mappingSchema.safeParse(input, { reportInput: true });
  const protoIssues = protoKeyIssues(input);
  if (!result.success || protoIssues.length > 0) {
    const schemaIssues = result.success ? [] : formatIssues(result.error.issues);
    throw mappingErrorFromIssues(MappingErrorCode.invalidMapping, [
      ...schemaIssues,
      ...protoIssues,
    ]);
  }
  const mapping: Mapping = result.data;
  const problems = checkReferences(mapping);
  const first = problems[0];
  if (first !== undefined) {
    throw mappingErrorFromIssues(
      first.code,
      problems.map(({ path, message }) => ({ path, message })),
    );
  }
  return deepFreeze(mapping);
}

/**
 * zod silently leaves out a record key named `__proto__`; an op or rename on such a field
 * would vanish without a word, so it is refused instead.
 */
function protoKeyIssues(input: unknown): MappingIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const issues: MappingIssue[] = [];
  for (const part of ['fields', 'rename'] as const) {
    const value: unknown = (input as Record<string, unknown>)[part];
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      issues.push({
        path: formatPath([part, '__proto__']),
        message: `"__proto__" cannot be named in ${part}; use select to leave such a field out`,
      });
    }
  }
  return issues;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
