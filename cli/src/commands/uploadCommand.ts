import { S3ChecksumUploads, createS3Client } from '@chunkline/aws';
import { EnvReader } from '@chunkline/config';
import type { Env } from '@chunkline/config';
import { CliError } from '../cliError.ts';
import { formatBytes, renderUploadProgress } from '../progressBar.ts';
import { parseS3Url } from '../s3Url.ts';
import { openLocalFile } from '../upload/localFile.ts';
import type { UploadProgress, UploadResult } from '../upload/types.ts';
import { DEFAULT_UPLOAD_CONCURRENCY, uploadFile } from '../upload/uploadFile.ts';
import type { Output } from './statusCommand.ts';

/** Exit status of an upload stopped by SIGINT or SIGTERM (128 + SIGINT), resumable. */
export const EXIT_INTERRUPTED = 130;

/** The arguments of `chunkline upload`. */
export interface UploadArgs {
  readonly file: string | undefined;
  readonly url: string | undefined;
  readonly concurrency: string | undefined;
  readonly abort: boolean;
  readonly json: boolean;
}

/** Where the command writes: the result on stdout, progress and notes on stderr. */
export interface UploadIo {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Aborted on the first SIGINT/SIGTERM: no new part starts, parts in flight finish. */
  readonly signal?: AbortSignal;
}

/**
 * `chunkline upload <file> s3://bucket/key [--concurrency 4] [--abort] [--json]`: a parallel,
 * resumable multipart upload with CRC32-verified parts. Needs only `CHUNKLINE_AWS_ENDPOINT`
 * (for LocalStack) and `AWS_REGION`. Exit status 0 uploaded, 1 failed (the upload stays open),
 * 2 bad usage, 130 interrupted (run the same command again to resume).
 */
export async function uploadCommand(env: Env, args: UploadArgs, io: UploadIo): Promise<number> {
  if (!args.file || !args.url)
    throw new CliError(
      'upload needs a file and an object: chunkline upload <file> s3://bucket/key',
    );
  const ref = parseS3Url(args.url);
  if (ref.key === '' || ref.key.endsWith('/'))
    throw new CliError(`${args.url} names a prefix; give the object key to upload to`);
  const concurrency = parseConcurrency(args.concurrency);
  const reader = new EnvReader(env);
  const aws = {
    endpoint: reader.url('CHUNKLINE_AWS_ENDPOINT'),
    region: reader.string('AWS_REGION', { fallback: 'us-east-1' }) ?? 'us-east-1',
  };
  reader.finish('chunkline');
  const target = new S3ChecksumUploads(createS3Client(aws));

  const file = await openLocalFile(args.file);
  const started = Date.now();
  const show = progressPrinter(io.stderr, started);
  let result: UploadResult;
  try {
    result = await uploadFile(target, file, ref, {
      concurrency,
      fresh: args.abort,
      onProgress: show.update,
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } finally {
    show.end();
    await file.close();
  }
  if (args.json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else io.stdout.write(describeUpload(result));
  if (result.freshReason && !args.json)
    io.stderr.write(`note: started afresh: ${result.freshReason}\n`);
  return result.state === 'completed' ? 0 : EXIT_INTERRUPTED;
}

/** `--concurrency`: 1 to 64 parts in flight; default 4. */
function parseConcurrency(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_UPLOAD_CONCURRENCY;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 64)
    throw new CliError(`--concurrency must be an integer from 1 to 64, not "${raw}"`);
  return value;
}

/** A bar redrawn in place on a terminal; otherwise a line at every tenth of the way. */
function progressPrinter(
  out: Output,
  started: number,
): { update: (p: UploadProgress) => void; end: () => void } {
  let lastDraw = 0;
  let lastStep = -1;
  let drawn = false;
  return {
    update: (p) => {
      const now = Date.now();
      const line = renderUploadProgress({ ...p, elapsedMs: now - started });
      const finished = p.partsDone === p.partCount;
      if (out.isTty) {
        if (finished || now - lastDraw >= 100) {
          out.write(`\r${line}`);
          lastDraw = now;
          drawn = true;
        }
        return;
      }
      const step = Math.floor((p.partsDone / Math.max(1, p.partCount)) * 10);
      if (step !== lastStep) {
        out.write(`${line}\n`);
        lastStep = step;
      }
    },
    end: () => {
      if (drawn) out.write('\n');
    },
  };
}

/** The summary of a finished or interrupted upload. */
export function describeUpload(result: UploadResult): string {
  const where = `s3://${result.bucket}/${result.key}`;
  const parts = `${result.partCount} part(s) of ${result.partSize / 1024 / 1024} MiB: ${result.partsReused} reused, ${result.partsSent} sent${result.partsMismatched > 0 ? ` (${result.partsMismatched} re-sent after a checksum mismatch)` : ''}`;
  const seconds = Math.max(result.elapsedMs / 1000, 0.001);
  if (result.state === 'interrupted') {
    return [
      `interrupted: ${where}, ${result.partsReused + result.partsSent} of ${result.partCount} part(s) uploaded`,
      `  the upload ${result.uploadId} stays open: run the same command again to resume it (or add --abort to start afresh)`,
      '',
    ].join('\n');
  }
  return [
    `✓ uploaded ${formatBytes(result.size)} to ${where} in ${seconds.toFixed(1)} s (${(result.bytesSent / 1e6 / seconds).toFixed(1)} MB/s sent)`,
    `  ${parts}`,
    `  checksum ${result.checksumCrc32 ?? '(not reported)'}${result.verified ? ' (CRC32, matches the local file)' : ''}`,
    '',
  ].join('\n');
}
