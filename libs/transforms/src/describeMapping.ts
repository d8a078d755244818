import { DEFAULT_MASK_CHAR, DEFAULT_REDACTION } from './constants.ts';
import type { Condition, FieldOp, Mapping } from './types.ts';

const SYMBOLS = { eq: '=', ne: '!=', gt: '>', lt: '<' } as const;

/**
 * A short human-readable summary of a mapping, one line per part, for CLI output and logs:
 *
 * ```text
 * fields: email tokenize; card mask (keep last 4, char "*"); internal drop
 * filter: (amount > 100 and (country in ["FR", "DE"] or vip exists))
 * select: id, email, amount
 * rename: email → email_token
 * ```
 *
 * Parts the mapping does not have are left out; an empty mapping gives `"identity"`.
 */
export function describeMapping(mapping: Mapping): string {
  const lines: string[] = [];
  const fields = Object.entries(mapping.fields);
  if (fields.length > 0) {
    lines.push(`fields: ${fields.map(([field, op]) => `${field} ${describeOp(op)}`).join('; ')}`);
  }
  if (mapping.filter !== undefined) lines.push(`filter: ${describeCondition(mapping.filter)}`);
  if (mapping.select !== undefined) lines.push(`select: ${mapping.select.join(', ')}`);
  const renames = Object.entries(mapping.rename ?? {});
  if (renames.length > 0) {
    lines.push(`rename: ${renames.map(([from, to]) => `${from} → ${to}`).join(', ')}`);
  }
  if (mapping.module !== undefined) lines.push(`module: ${mapping.module}`);
  return lines.length === 0 ? 'identity' : lines.join('\n');
}

function describeOp(op: FieldOp): string {
  switch (op.op) {
    case 'mask':
      return `mask (keep last ${op.keep}, char ${JSON.stringify(op.char ?? DEFAULT_MASK_CHAR)})`;
    case 'redact':
      return `redact (with ${JSON.stringify(op.with ?? DEFAULT_REDACTION)})`;
    default:
      return op.op;
  }
}

/** A condition in infix form: `(amount > 100 and not (vip exists))`. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return `(${condition.all.map(describeCondition).join(' and ')})`;
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not ${describeCondition(condition.not)}`;
  switch (condition.op) {
    case 'exists':
      return `${condition.field} exists`;
    case 'in':
      return `${condition.field} in [${condition.value.map((value) => JSON.stringify(value)).join(', ')}]`;
    case 'contains':
      return `${condition.field} contains ${JSON.stringify(condition.value)}`;
    default:
      return `${condition.field} ${SYMBOLS[condition.op]} ${JSON.stringify(condition.value)}`;
  }
}
