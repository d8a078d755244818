import type { Row } from '@chunkline/contracts';

/** Replace a field's value with a keyed, deterministic token (`tok_…`). */
export interface TokenizeOp {
  readonly op: 'tokenize';
}

/** Keep the last `keep` characters (code points) and replace the others with `char`. */
export interface MaskOp {
  readonly op: 'mask';
  /** How many trailing code points stay visible; 0 masks everything. */
  readonly keep: number;
  /** The replacement character, exactly one code point. Default `"*"`. */
  readonly char?: string | undefined;
}

/** Replace a field's value with the SHA-256 hex digest of its UTF-8 string form (unkeyed). */
export interface HashOp {
  readonly op: 'hash';
}

/** Replace a field's value (null included) with a fixed text. */
export interface RedactOp {
  readonly op: 'redact';
  /** The replacement text. Default `"[REDACTED]"`. */
  readonly with?: string | undefined;
}

/** Remove the field from the output. */
export interface DropOp {
  readonly op: 'drop';
}

/** What a mapping does to one field. */
export type FieldOp = TokenizeOp | MaskOp | HashOp | RedactOp | DropOp;

/** A constant in a filter condition. */
export type FilterValue = string | number | boolean;

/** `eq`, `ne` and `contains` compare with one constant. */
export interface EqualityComparison {
  readonly field: string;
  readonly op: 'eq' | 'ne' | 'contains';
  readonly value: FilterValue;
}

/** `gt` and `lt` order a field against one number or string. */
export interface OrderComparison {
  readonly field: string;
  readonly op: 'gt' | 'lt';
  readonly value: number | string;
}

/** `in` matches when the field equals one of the listed constants. */
export interface InComparison {
  readonly field: string;
  readonly op: 'in';
  readonly value: readonly FilterValue[];
}

/** `exists` matches when the field is present and not null. */
export interface ExistsComparison {
  readonly field: string;
  readonly op: 'exists';
}

/** A test on one field of the input record. */
export type Comparison = EqualityComparison | OrderComparison | InComparison | ExistsComparison;

/** True when every condition holds. */
export interface AllCondition {
  readonly all: readonly Condition[];
}

/** True when at least one condition holds. */
export interface AnyCondition {
  readonly any: readonly Condition[];
}

/** True when the condition does not hold. */
export interface NotCondition {
  readonly not: Condition;
}

/** A row filter: comparisons combined with `all`, `any` and `not`, nested arbitrarily. */
export type Condition = Comparison | AllCondition | AnyCondition | NotCondition;

/** A validated, frozen mapping document (see the README for the format). */
export interface Mapping {
  readonly version: 1;
  /** Per-field operations, keyed by field name. Default `{}`. */
  readonly fields: Readonly<Record<string, FieldOp>>;
  /** Keep only input records for which this holds. Default: keep every record. */
  readonly filter?: Condition | undefined;
  /** Output exactly these fields, in this order. Default: the input fields minus dropped ones. */
  readonly select?: readonly string[] | undefined;
  /** Output names for fields, applied after `select`: `{ "email": "email_token" }`. */
  readonly rename?: Readonly<Record<string, string>> | undefined;
  /** Path of a user module exporting a record transform; loaded by the caller, not here. */
  readonly module?: string | undefined;
}

/**
 * A record-level transform from a user module. Receives the (filtered) input record, which
 * it may change in place; returns the record to continue with, or null/undefined to drop it.
 */
export type UserTransform = (row: Row) => Row | null | undefined;

/** Options for `compileMapping`. */
export interface CompileOptions {
  /** Key for `tokenize`. Required when the mapping tokenizes; no default. */
  readonly tokenizeKey?: string | undefined;
  /** Runs after the filter and before the field operations. Default: none. */
  readonly userTransform?: UserTransform | undefined;
}

/** A mapping ready to run over records. */
export interface CompiledMapping {
  /** The output record, or `undefined` when the filter or the user transform drops the record. */
  apply(row: Row): Row | undefined;
  /** The output header for these input columns: `select` (or input minus dropped), renamed. */
  outputColumns(inputColumns: readonly string[]): string[];
  /**
   * The same mapping over records read by position in the order of `inputColumns`, each
   * holding every column (as CSV records do): what `apply` and a writer of
   * `outputColumns(inputColumns)` would produce, without a row object per record.
   * Undefined when the mapping runs a user transform (which needs the record object) or
   * positions cannot stand for the column names (see `compilePositionalMapping`).
   */
  byPosition(inputColumns: readonly string[]): PositionalMapping | undefined;
}

/** A record whose fields are read by their position among the input columns. */
export interface PositionalRecord {
  value(index: number): string;
}

/** One output column of a `PositionalMapping`. */
export interface PositionalOutput {
  /** The input position it comes from; −1 when the input has no such field (empty output). */
  readonly index: number;
  /** The operation run on the value, if any; without one the value passes unchanged. */
  readonly fn: ((value: string) => string) | undefined;
  /**
   * The same operation on the value's UTF-8 bytes as byte text (one char per byte), with the
   * same result, when it reads only those bytes (see `compileByteTextOp`): a reader of UTF-8
   * can then hand the value over without decoding it.
   */
  readonly fnOfByteText?: ((byteText: string) => string) | undefined;
  /** The characters `fn`'s every value is made of, when known (see `stringOpAlphabet`). */
  readonly alphabet?: string | undefined;
}

/** A mapping over records read by position (`CompiledMapping.byPosition`). */
export interface PositionalMapping {
  /** Whether the filter keeps the record. */
  readonly keeps: (record: PositionalRecord) => boolean;
  /** The output columns in order. */
  readonly outputs: readonly PositionalOutput[];
  /** The output values in order, or `undefined` when the filter drops the record. */
  apply(record: PositionalRecord): string[] | undefined;
}
