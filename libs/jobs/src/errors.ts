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
  /** The mapping or user module threw on a record. */
  transformFailed: 'TransformFailed',
} as const;
export type JobErrorCode = (typeof JobErrorCode)[keyof typeof JobErrorCode];

/** A job-level failure; `permanent` ones fail the job at once instead of being retried. */
export class JobError extends Error {
  override readonly name = 'JobError';
  readonly code: JobErrorCode;
  readonly permanent: boolean;

  constructor(
    code: JobErrorCode,
    message: string,
    options?: { cause?: unknown; permanent?: boolean },
  ) {
    super(message, options);
    this.code = code;
    this.permanent = options?.permanent ?? false;
  }
}
