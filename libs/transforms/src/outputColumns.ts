import type { TypedColumn } from '@chunkline/contracts';
import { FieldOpName } from './constants.ts';
import { MappingError, MappingErrorCode } from './errors.ts';
import type { Mapping } from './types.ts';

/**
 * The output header: `select` when given, else the input columns minus dropped ones; then
 * renamed. Throws `RenameCollision` when two output columns get the same name.
 */
export function outputColumns(mapping: Mapping, inputColumns: readonly string[]): string[] {
  return outputSources(mapping, inputColumns).map(({ target }) => target);
}

/**
 * The output columns with their types: a field that passes through unchanged keeps its
 * input type; one the mapping rewrites (tokenize, mask, hash, redact) becomes a string; a
 * selected field the input columns do not name is a string.
 */
export function typedOutputColumns(
  mapping: Mapping,
  inputColumns: readonly TypedColumn[],
): TypedColumn[] {
  const types = new Map(inputColumns.map((c) => [c.name, c.type]));
  return outputSources(
    mapping,
    inputColumns.map((c) => c.name),
  ).map(({ source, target }) => ({
    name: target,
    type: Object.hasOwn(mapping.fields, source) ? 'string' : (types.get(source) ?? 'string'),
  }));
}

/**
 * Which input field each output column comes from, in output order, and its output name:
 * `select`, or the input columns minus dropped ones, renamed. Throws `RenameCollision` when
 * two output columns get the same name.
 */
export function outputSources(
  mapping: Mapping,
  inputColumns: readonly string[],
): Array<{ source: string; target: string }> {
  const rename = mapping.rename ?? {};
  const renamed = (field: string): string =>
    Object.hasOwn(rename, field) ? (rename[field] ?? field) : field;
  const sources =
    mapping.select ??
    inputColumns.filter(
      (column) =>
        !(Object.hasOwn(mapping.fields, column) && mapping.fields[column]?.op === FieldOpName.drop),
    );
  const seen = new Map<string, string>();
  return sources.map((source) => {
    const target = renamed(source);
    const earlier = seen.get(target);
    if (earlier !== undefined) {
      throw new MappingError(
        MappingErrorCode.renameCollision,
        `output columns "${earlier}" and "${source}" would both be named "${target}"; rename one of them to a free name or drop one`,
      );
    }
    seen.set(target, source);
    return { source, target };
  });
}
