import { FieldOpName } from './constants.ts';
import type { Mapping } from './types.ts';

/** The fields a mapping tokenizes, in document order. */
export function tokenizedFields(mapping: Mapping): string[] {
  return Object.entries(mapping.fields)
    .filter(([, op]) => op.op === FieldOpName.tokenize)
    .map(([field]) => field);
}

/** True when the mapping tokenizes at least one field, and so needs a tokenization key. */
export function usesTokenize(mapping: Mapping): boolean {
  return tokenizedFields(mapping).length > 0;
}
