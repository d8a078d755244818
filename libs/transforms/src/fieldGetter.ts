import type { FieldValue, Row } from '@chunkline/contracts';

/** Reads one field of a record. `undefined` means the record has no such field. */
export type FieldGetter = (row: Row) => FieldValue | undefined;

/**
 * A reader for one field that sees only the record's own properties, so a field named
 * `constructor` or `toString` is missing rather than inherited from `Object.prototype`.
 * Plain names take the fast path of a direct property read.
 */
export function fieldGetter(field: string): FieldGetter {
  if (field in Object.prototype) {
    return (row) => (Object.hasOwn(row, field) ? row[field] : undefined);
  }
  return (row) => row[field];
}

/** Set `name` on `target` as an own data property, even for `__proto__`. */
export function setField(target: Row, name: string, value: FieldValue): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[name] = value;
  }
}
