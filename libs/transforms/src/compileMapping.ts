import type { Row } from '@chunkline/contracts';
import { checkReferences } from './checkReferences.ts';
import { compileCondition } from './compileCondition.ts';
import type { RowPredicate } from './compileCondition.ts';
import { compileFieldOp } from './compileFieldOp.ts';
import { compilePositionalMapping } from './compilePositionalMapping.ts';
import type { ValueFn } from './compileFieldOp.ts';
import { TOKENIZE_KEY_ENV } from './constants.ts';
import { MappingError, MappingErrorCode, mappingErrorFromIssues } from './errors.ts';
import { guardUserTransform } from './guardUserTransform.ts';
import { outputColumns } from './outputColumns.ts';
import { projectAll, projectSelected } from './project.ts';
import { createTokenizer } from './tokenize.ts';
import type { CompiledMapping, CompileOptions, Mapping } from './types.ts';
import { tokenizedFields } from './usesTokenize.ts';

/**
 * Compile a mapping into a fast record function. Per record, in this order:
 * 1. the filter runs on the input record (rejected → `undefined`);
 * 2. the user transform runs (null/undefined → `undefined`);
 * 3. the field operations run;
 * 4. `select` projects (fields the record lacks are left out), then `rename` renames.
 *
 * Expects a mapping from `parseMapping` (a hand-built one is cross-checked, not
 * schema-validated). The input record is never modified by the mapping itself (a user transform may modify
 * it); `apply` returns a new object.
 *
 * Throws `MappingError`: `MissingTokenizeKey` when a field is tokenized and
 * `options.tokenizeKey` is missing or empty; `DroppedFieldReferenced`, `RenameNotSelected`
 * or `RenameCollision` when the mapping is inconsistent. `apply` throws `RenameCollision`
 * when, without `select`, a record has a field whose name a rename gives to another field,
 * and `UserTransformFailed` when the user transform throws or returns a non-record.
 */
export function compileMapping(mapping: Mapping, options: CompileOptions = {}): CompiledMapping {
  const problems = checkReferences(mapping);
  const first = problems[0];
  if (first !== undefined) {
    throw mappingErrorFromIssues(
      first.code,
      problems.map(({ path, message }) => ({ path, message })),
    );
  }

  const tokenized = tokenizedFields(mapping);
  // One tokenizer, so one cache, per field (and per input: see `TokenizerInput`): a column
  // of unique values then costs the cache of a repetitive one nothing (see `createTokenizer`).
  const tokenizers = new Map<string, (value: string) => string>();
  const byteTextTokenizers = new Map<string, (byteText: string) => string>();
  if (tokenized.length > 0) {
    if (options.tokenizeKey === undefined || options.tokenizeKey === '') {
      throw new MappingError(
        MappingErrorCode.missingTokenizeKey,
        `the mapping tokenizes ${tokenized.map((field) => `"${field}"`).join(', ')} but no tokenization key was given; set ${TOKENIZE_KEY_ENV}`,
      );
    }
    for (const field of tokenized) {
      tokenizers.set(field, createTokenizer(options.tokenizeKey));
      byteTextTokenizers.set(field, createTokenizer(options.tokenizeKey, 'byteText'));
    }
  }

  const ops = new Map<string, ValueFn | 'drop'>();
  for (const [field, op] of Object.entries(mapping.fields))
    ops.set(field, compileFieldOp(op, tokenizers.get(field)));
  const rename = new Map(Object.entries(mapping.rename ?? {}));
  const filter = mapping.filter === undefined ? undefined : compileCondition(mapping.filter);
  const userTransform =
    options.userTransform === undefined
      ? undefined
      : guardUserTransform(options.userTransform, mapping.module);

  const project =
    mapping.select === undefined
      ? projectAll(ops, rename)
      : projectSelected(mapping.select, ops, rename);

  return {
    apply: compose(filter, userTransform, project),
    outputColumns: (inputColumns) => outputColumns(mapping, inputColumns),
    byPosition: (inputColumns) =>
      userTransform === undefined
        ? compilePositionalMapping(
            mapping,
            (field, input) => (input === 'text' ? tokenizers : byteTextTokenizers).get(field),
            inputColumns,
          )
        : undefined,
  };
}

function compose(
  filter: RowPredicate | undefined,
  userTransform: ((row: Row) => Row | undefined) | undefined,
  project: (row: Row) => Row,
): (row: Row) => Row | undefined {
  if (userTransform === undefined) {
    return filter === undefined ? project : (row) => (filter(row) ? project(row) : undefined);
  }
  return (row) => {
    if (filter !== undefined && !filter(row)) return undefined;
    const transformed = userTransform(row);
    return transformed === undefined ? undefined : project(transformed);
  };
}
