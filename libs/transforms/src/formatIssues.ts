import type { z } from 'zod';
import type { MappingIssue } from './errors.ts';
import { describeValue, formatPath } from './path.ts';

/**
 * Turn zod's issues into one `MappingIssue` per problem, each naming its JSON path, the
 * value found and what is allowed: `mapping.fields.email.op: expected one of
 * tokenize|mask|hash|redact|drop, got "tokenise"`. Needs issues parsed with `reportInput`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): MappingIssue[] {
  return issues.flatMap((issue) => formatIssue(issue));
}

function formatIssue(issue: z.core.$ZodIssue): MappingIssue[] {
  const at = (message: string, extra: readonly PropertyKey[] = []): MappingIssue => ({
    path: formatPath([...issue.path, ...extra]),
    message,
  });
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => at(`unknown key, ${issue.message}`, [key]));
    case 'invalid_type':
      return [
        issue.input === undefined
          ? at(`is required (expected ${typeName(issue.expected)})`)
          : at(`expected ${typeName(issue.expected)}, ${got}`),
      ];
    case 'invalid_value': {
      const allowed = issue.values.map((value) => String(value)).join('|');
      const expected = issue.values.length === 1 ? allowed : `one of ${allowed}`;
      return [at(`expected ${expected}, ${got}`)];
    }
    case 'invalid_union':
      return [formatUnion(issue, at)];
    case 'too_small':
      return [at(`${bound(issue.origin, 'at least', issue.minimum, issue.inclusive)}, ${got}`)];
    case 'too_big':
      return [at(`${bound(issue.origin, 'at most', issue.maximum, issue.inclusive)}, ${got}`)];
    default:
      return [at(`${issue.message}, ${got}`)];
  }
}

function formatUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  at: (message: string) => MappingIssue,
): MappingIssue {
  // A discriminated union reports a bad tag with the whole object as input.
  const discriminator = (issue as { discriminator?: unknown }).discriminator;
  const options = (issue as { options?: unknown }).options;
  if (typeof discriminator === 'string' && Array.isArray(options)) {
    const input = issue.input;
    const tag =
      typeof input === 'object' && input !== null && !Array.isArray(input)
        ? (input as Record<string, unknown>)[discriminator]
        : undefined;
    const allowed = `one of ${options.map((option) => String(option)).join('|')}`;
    return tag === undefined
      ? at(`is required (${allowed})`)
      : at(`expected ${allowed}, got ${describeValue(tag)}`);
  }
  return at(`${issue.message}, got ${describeValue(issue.input)}`);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function bound(
  origin: string,
  word: 'at least' | 'at most',
  limit: number | bigint,
  inclusive: boolean | undefined,
): string {
  const exclusive = inclusive === false;
  switch (origin) {
    case 'array':
      return `must list ${word} ${String(limit)} item${limit === 1 ? '' : 's'}`;
    case 'string':
      return word === 'at least' && limit === 1 && !exclusive
        ? 'must not be empty'
        : `must be ${word} ${String(limit)} characters long`;
    default:
      return `must be ${word === 'at least' ? (exclusive ? '>' : '>=') : exclusive ? '<' : '<='} ${String(limit)}`;
  }
}
