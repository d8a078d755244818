import type { ColumnType, FieldValue, Row, TypedColumn } from '@chunkline/contracts';
import { JsonLexer } from './jsonArray/jsonLexer.ts';
import { JSON_ARRAY_START_STATE } from './jsonArray/jsonState.ts';

function typeOf(value: FieldValue): ColumnType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int64' : 'double';
  return 'json';
}

/** The narrowest type that holds values of both types. */
function widen(a: ColumnType | undefined, b: ColumnType | undefined): ColumnType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  if ((a === 'int64' && b === 'double') || (a === 'double' && b === 'int64')) return 'double';
  return 'string';
}

/**
 * The columns of sampled JSON records: every field name in first-seen order, typed by the
 * values seen (integers `int64`, other numbers `double`, `boolean`, `string`, objects and
 * arrays `json`; a field seen only as null, or with conflicting types, is a `string`).
 * Used for CSV and Parquet output of JSON input, whose records carry no header.
 */
export function inferColumns(rows: readonly Row[]): TypedColumn[] {
  const types = new Map<string, ColumnType | undefined>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      types.set(name, widen(types.get(name), typeOf(value)));
    }
  }
  return [...types].map(([name, type]) => ({ name, type: type ?? 'string' }));
}

/** The JSON objects on the complete lines of a JSON Lines prefix (bad lines are left out). */
export function sampleJsonLines(prefix: Uint8Array, isWhole: boolean): Row[] {
  const text = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength).toString('utf8');
  const lines = text.split('\n');
  if (!isWhole) lines.pop();
  const rows: Row[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        rows.push(value as Row);
    } catch {
      // A bad line is the processor's to report, with its location.
    }
  }
  return rows;
}

/**
 * The objects among the complete elements of a JSON array prefix (from just past its `[`
 * at `dataStart`); the element the prefix cuts off is left out.
 */
export function sampleJsonArray(prefix: Uint8Array, dataStart: number): Row[] {
  const lexer = new JsonLexer(JSON_ARRAY_START_STATE);
  const rows: Row[] = [];
  let from = dataStart;
  for (let i = dataStart; i < prefix.length; i += 1) {
    const byte = prefix[i];
    const top = !lexer.inString && lexer.depth === 1;
    if (top && (byte === COMMA || byte === CLOSE_BRACKET)) {
      addElement(prefix.subarray(from, i), rows);
      if (byte === CLOSE_BRACKET) break;
      from = i + 1;
      continue;
    }
    lexer.lex(prefix, i, i + 1);
  }
  return rows;
}

const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;

function addElement(bytes: Uint8Array, rows: Row[]): void {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.trim() === '') return;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      rows.push(value as Row);
  } catch {
    // A bad element is the processor's to report, with its location.
  }
}
