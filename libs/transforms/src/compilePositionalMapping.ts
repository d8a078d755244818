import { compileConditionOver } from './compileCondition.ts';
import { compileByteTextOp, compileStringOp, stringOpAlphabet } from './compileFieldOp.ts';
import { outputSources } from './outputColumns.ts';
import type { TokenizerInput } from './tokenize.ts';
import type {
  FieldOp,
  Mapping,
  PositionalMapping,
  PositionalOutput,
  PositionalRecord,
} from './types.ts';

/**
 * The mapping over records read by position in the order of `inputColumns`, every column
 * present in every record — what CSV decoding yields. On such records the rules of
 * `compileMapping` come down to positions: the filter reads a value by its column's
 * position, and each output column (in `outputColumns` order) is one input value with its
 * operation run, or empty when `select` names a field the input lacks (which the row
 * path leaves out and the CSV writer writes empty). Undefined when positions cannot stand
 * for names: repeated columns, `__proto__`, or output columns that collide. `tokenizerOf`
 * gives a tokenized field's tokenizer for values as text, and for values as byte text.
 */
export function compilePositionalMapping(
  mapping: Mapping,
  tokenizerOf: (field: string, input: TokenizerInput) => ((value: string) => string) | undefined,
  inputColumns: readonly string[],
): PositionalMapping | undefined {
  if (new Set(inputColumns).size !== inputColumns.length) return undefined;
  if (inputColumns.includes('__proto__')) return undefined;
  let sources: { source: string }[];
  try {
    sources = outputSources(mapping, inputColumns);
  } catch {
    // A rename collision: the row path reports it, record by record.
    return undefined;
  }
  const positions = new Map(inputColumns.map((column, index) => [column, index]));
  const outputs: PositionalOutput[] = sources.map(({ source }) => {
    const index = positions.get(source) ?? -1;
    const op = fieldOp(mapping, source);
    if (op === undefined) return { index, fn: undefined };
    const fn = compileStringOp(op, tokenizerOf(source, 'text'));
    // A selected field is never dropped (`checkReferences`); were it, select would keep it.
    if (fn === 'drop') return { index, fn: undefined };
    const fnOfByteText = compileByteTextOp(op, tokenizerOf(source, 'byteText'));
    return { index, fn, fnOfByteText, alphabet: stringOpAlphabet(op) };
  });
  const filter =
    mapping.filter === undefined
      ? undefined
      : compileConditionOver<PositionalRecord>(mapping.filter, (field) => {
          const index = positions.get(field);
          return index === undefined ? () => undefined : (record) => record.value(index);
        });
  const keeps = filter ?? (() => true);
  return {
    keeps,
    outputs,
    apply(record) {
      if (!keeps(record)) return undefined;
      // A field the record lacks is left out, not operated on: empty in the output.
      return outputs.map(({ index, fn }) => {
        if (index < 0) return '';
        const value = record.value(index);
        return fn === undefined ? value : fn(value);
      });
    },
  };
}

function fieldOp(mapping: Mapping, field: string): FieldOp | undefined {
  return Object.hasOwn(mapping.fields, field) ? mapping.fields[field] : undefined;
}
