import { CliError } from '../cliError.ts';

/** Why `chunkline upload` stopped. */
export const UploadErrorCode = {
  /** The file is larger than S3's maximum object size (5 TiB). */
  fileTooLarge: 'FileTooLarge',
  /** The path is not a regular file that can be read. */
  notAFile: 'NotAFile',
  /** The object S3 assembled does not carry the checksum computed from the local file. */
  checksumMismatch: 'ChecksumMismatch',
  /** A part could not be sent; the upload stays open, so running the command again resumes it. */
  partFailed: 'PartFailed',
} as const;
export type UploadErrorCode = (typeof UploadErrorCode)[keyof typeof UploadErrorCode];

/** A failed upload, printed without a stack trace; `exitCode` 2 for bad input, 1 otherwise. */
export class UploadError extends CliError {
  override readonly name: string = 'UploadError';
  readonly code: UploadErrorCode;

  constructor(code: UploadErrorCode, message: string, options?: { cause?: unknown }) {
    super(
      message,
      code === UploadErrorCode.fileTooLarge || code === UploadErrorCode.notAFile ? 2 : 1,
    );
    this.code = code;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
