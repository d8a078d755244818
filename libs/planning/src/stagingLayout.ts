import { createHash } from 'node:crypto';
import type { QuoteState } from '@chunkline/contracts';

const pad = (index: number): string => String(index).padStart(5, '0');

/** Tags a re-run's part: the CSV quote state it was run with, or `proven` (a JSON lexer state). */
export type RerunTag = QuoteState | 'proven';

/**
 * Where a job's state lives: everything under one prefix per job, so cleanup after success
 * is one prefix, and a failed job's state stays together for inspection.
 */
export interface JobLayout {
  readonly jobPrefix: string;
  readonly manifest: string;
  /** Kept after cleanup: the final status of the job. */
  readonly status: string;
  /** Prefix of the done-marker tree. */
  readonly done: string;
  readonly failures: string;
  /** The merge's record of the output upload that holds every part (see `executeMerge`). */
  readonly mergeUpload: string;
  /**
   * The part of one run (`run`, see `newRunId`) of a chunk: every run writes its own, and
   * the chunk's done marker names the one that counts. A re-run with a forced start state
   * writes beside the first runs.
   */
  part(index: number, run: string, rerun?: RerunTag): string;
  /** The rejected records of one run of a chunk, like its part. */
  rejects(index: number, run: string, rerun?: RerunTag): string;
  failure(index: number): string;
}

/** The staging layout of job `jobId` under `stagingPrefix`. */
export function jobLayout(stagingPrefix: string, jobId: string): JobLayout {
  return layoutUnder(`${jobsPrefix(stagingPrefix)}${jobId}/`);
}

/** The staging layout of the job whose own prefix is `jobPrefix` (as its manifest records). */
export function layoutUnder(jobPrefix: string): JobLayout {
  const suffix = (rerun?: RerunTag): string => (rerun ? `.${rerun}` : '');
  return {
    jobPrefix,
    manifest: `${jobPrefix}manifest.json`,
    status: `${jobPrefix}status.json`,
    done: `${jobPrefix}done/`,
    failures: `${jobPrefix}failures/`,
    mergeUpload: `${jobPrefix}merge-upload.json`,
    part: (index, run, state) => `${jobPrefix}parts/${pad(index)}${suffix(state)}/${run}`,
    rejects: (index, run, state) =>
      `${jobPrefix}rejects/${pad(index)}${suffix(state)}/${run}.jsonl`,
    failure: (index) => `${jobPrefix}failures/${pad(index)}.json`,
  };
}

/** Prefix under which all jobs live (one common prefix per job id). */
export function jobsPrefix(stagingPrefix: string): string {
  return `${stagingPrefix}jobs/`;
}

/** Prefix listing the jobs of one source object, for `chunkline status s3://…`. */
export function sourceIndexPrefix(stagingPrefix: string, bucket: string, key: string): string {
  const digest = createHash('sha256').update(`${bucket}/${key}`).digest('hex').slice(0, 32);
  return `${stagingPrefix}sources/${digest}/`;
}

/**
 * The output key of a job: the source key under the output prefix, with the job id
 * before the extension, so a new upload of the same key never collides with the last.
 */
export function outputKeyFor(
  outputPrefix: string,
  sourceKey: string,
  jobId: string,
  extension: string,
): string {
  const base = sourceKey.replace(/\.[^./]*$/, '');
  return `${outputPrefix}${base}.${jobId.slice(0, 12)}.${extension}`;
}
