/** Why a job or chunk cannot go on. */
export const JobErrorCode = {
  /** The source object changed under a running job (its ETag no longer matches). */
  sourceChanged: 'SourceChanged',
  sourceMissing: 'SourceMissing',
  manifestMissing: 'ManifestMissing',
  manifestInvalid: 'ManifestInvalid',
  headerTooLong: 'HeaderTooLong',
  tokenizeKeyMismatch: 'TokenizeKeyMismatch',
  userModule: 'UserModule',
  /** A chunk's kind of work is one this processor does not know (a version mismatch). */
  unsupportedUnit: 'UnsupportedUnit',
  /** An object of a multi-object job has other columns than the job's. */
  columnsMismatch: 'ColumnsMismatch',
  /** Planning cannot make a job of the input (no objects, mixed formats, bad container). */
  planningFailed: 'PlanningFailed',
  /** The mapping or user module threw on a record. */
  transformFailed: 'TransformFailed',
} as const;
export type JobErrorCode = (typeof JobErrorCode)[keyof typeof JobErrorCode];

/**
 * A job-level failure; `permanent` ones fail the job at once instead of being retried. A
 * failure at one record (`TransformFailed`) carries the record's absolute byte `offset`
 * and its 1-based `line` within the chunk.
 */
export class JobError extends Error {
  override readonly name = 'JobError';
  readonly code: JobErrorCode;
  readonly permanent: boolean;
  readonly offset: number | undefined;
  readonly line: number | undefined;

  constructor(
    code: JobErrorCode,
    message: string,
    options?: { cause?: unknown; permanent?: boolean; offset?: number; line?: number },
  ) {
    super(message, options);
    this.code = code;
    this.permanent = options?.permanent ?? false;
    this.offset = options?.offset;
    this.line = options?.line;
  }
}
