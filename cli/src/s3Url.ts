import type { ObjectRef } from '@chunkline/contracts';
import { CliError } from './cliError.ts';

/** Parse `s3://bucket/key` (the key may be empty for a bucket, or end in `/` for a prefix). */
export function parseS3Url(url: string): ObjectRef {
  // `s`: a key may hold any character, line breaks included.
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/s.exec(url);
  if (!match) throw new CliError(`"${url}" is not an S3 URL; write it as s3://bucket/key`);
  return { bucket: match[1] ?? '', key: match[2] ?? '' };
}
