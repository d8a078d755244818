import { FieldOpName } from './constants.ts';
import { MappingError, MappingErrorCode } from './errors.ts';
import type { Mapping } from './types.ts';

/**
 * The output header: `select` when given, else the input columns minus dropped ones; then
 * renamed. Throws `RenameCollision` when two output columns get the same name.
 */
export function outputColumns(mapping: Mapping, inputColumns: readonly string[]): string[] {
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
    return target;
  });
}
