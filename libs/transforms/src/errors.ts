/** Machine-readable causes of a `MappingError`. */
export const MappingErrorCode = {
  /** The mapping document does not match the schema; `issues` lists every problem. */
  invalidMapping: 'InvalidMapping',
  /** The mapping tokenizes a field but no tokenization key was given. */
  missingTokenizeKey: 'MissingTokenizeKey',
  /** `select` or `rename` names a field that `fields` drops. */
  droppedFieldReferenced: 'DroppedFieldReferenced',
  /** `rename` names a field that `select` does not output. */
  renameNotSelected: 'RenameNotSelected',
  /** Two output fields would get the same name after renaming. */
  renameCollision: 'RenameCollision',
  /** The user transform threw or returned something other than a record, null or undefined. */
  userTransformFailed: 'UserTransformFailed',
} as const;
export type MappingErrorCode = (typeof MappingErrorCode)[keyof typeof MappingErrorCode];

/** One problem found in a mapping: where (`mapping.fields.email.op`) and what. */
export interface MappingIssue {
  /** JSON path from the document root, e.g. `mapping.filter.all[1].value`. */
  readonly path: string;
  /** What is wrong and what is allowed, e.g. `expected one of eq|ne, got "gte"`. */
  readonly message: string;
}

/**
 * A mapping cannot be used as it is, or applying it failed. Messages name the JSON path,
 * the offending value and what is allowed; they never contain the tokenization key or
 * record content.
 */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  readonly code: MappingErrorCode;
  /** Every problem found; empty for errors that are not about the document itself. */
  readonly issues: readonly MappingIssue[];

  constructor(
    code: MappingErrorCode,
    message: string,
    options?: { readonly cause?: unknown; readonly issues?: readonly MappingIssue[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = Object.freeze([...(options?.issues ?? [])]);
  }
}

/** True when `error` is a `MappingError`, with this code when one is given. */
export function isMappingError(error: unknown, code?: MappingErrorCode): error is MappingError {
  return error instanceof MappingError && (code === undefined || error.code === code);
}

/** Build the error for a list of problems, naming each one with its path. */
export function mappingErrorFromIssues(
  code: MappingErrorCode,
  issues: readonly MappingIssue[],
): MappingError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new MappingError(code, `mapping is invalid (${count}): ${list}`, { issues });
}
