import { FieldOpName } from './constants.ts';
import { MappingErrorCode } from './errors.ts';
import type { MappingIssue } from './errors.ts';
import { formatPath } from './path.ts';
import type { Mapping } from './types.ts';

/** A problem between parts of a mapping, with the code `compileMapping` throws for it. */
export interface ReferenceProblem extends MappingIssue {
  readonly code: MappingErrorCode;
}

/**
 * Cross-checks the schema cannot make: `select` and `rename` must not name dropped fields,
 * `rename` must only name selected fields (when there is a `select`), and no two output
 * fields may end up with the same name. Collisions with input fields that the mapping does
 * not name can only be seen with the input columns (`outputColumns`) or the record (`apply`).
 */
export function checkReferences(mapping: Mapping): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const dropped = (field: string): boolean =>
    Object.hasOwn(mapping.fields, field) && mapping.fields[field]?.op === FieldOpName.drop;
  const droppedMessage = (field: string, where: string): string =>
    `"${field}" is dropped by ${formatPath(['fields', field])}; remove it from ${where} or stop dropping it`;

  mapping.select?.forEach((field, index) => {
    if (dropped(field)) {
      problems.push({
        code: MappingErrorCode.droppedFieldReferenced,
        path: formatPath(['select', index]),
        message: droppedMessage(field, 'select'),
      });
    }
  });

  const rename = mapping.rename ?? {};
  const selected = mapping.select === undefined ? undefined : new Set(mapping.select);
  for (const [from, to] of Object.entries(rename)) {
    const path = formatPath(['rename', from]);
    if (dropped(from)) {
      problems.push({
        code: MappingErrorCode.droppedFieldReferenced,
        path,
        message: droppedMessage(from, 'rename'),
      });
    } else if (selected !== undefined && !selected.has(from)) {
      problems.push({
        code: MappingErrorCode.renameNotSelected,
        path,
        message: `"${from}" is not in select, so renaming it to "${to}" would have no effect; add it to select or remove the rename`,
      });
    }
  }

  // Names that reach the output: the selected fields, or (without select) the renamed ones
  // and the fields that a rename moves a value onto.
  const outputs = new Map<string, string>();
  const sources = mapping.select ?? Object.keys(rename).filter((field) => !dropped(field));
  for (const source of sources) {
    const target = Object.hasOwn(rename, source) ? (rename[source] ?? source) : source;
    const earlier = outputs.get(target);
    if (earlier !== undefined) {
      problems.push({
        code: MappingErrorCode.renameCollision,
        path: formatPath(['rename', Object.hasOwn(rename, source) ? source : earlier]),
        message: `"${earlier}" and "${source}" would both be output as "${target}"; rename one of them to a free name`,
      });
    } else {
      outputs.set(target, source);
    }
  }
  return problems;
}
