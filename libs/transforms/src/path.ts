const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A JSON path from the mapping root, as error messages show it: `mapping.fields.email.op`,
 * `mapping.filter.all[1].value`, `mapping.fields["first name"]`.
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let path = 'mapping';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/** A short, printable form of a value for messages: `"tokenise"`, `-1`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) {
    return value.length === 0
      ? 'an empty array'
      : `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}
