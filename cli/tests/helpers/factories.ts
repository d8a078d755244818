import type { ChunkFailure, JobStatus } from '@chunkline/contracts';

/** A job id as the planner makes them. */
export const JOB_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** Fields of a status to replace; nested groups are replaced whole. */
export type StatusOverrides = Partial<Omit<JobStatus, 'v' | 'jobId'>>;

/** A running job over a 1 GiB source, half done, with the fields given replaced. */
export function jobStatus(overrides: StatusOverrides = {}): JobStatus {
  return {
    v: 1,
    jobId: JOB_ID,
    state: 'running',
    source: {
      bucket: 'incoming-data',
      key: 'exports/may report.csv',
      etag: '"d41d8cd98f00b204e9800998ecf8427e-4"',
      size: 1_073_741_824,
    },
    output: { bucket: 'processed-data', key: 'output/exports/may report.csv' },
    chunks: { total: 16, done: 8, failed: 0 },
    bytes: { in: 536_870_912, out: 500_000_000 },
    rows: { in: 5_000_000, out: 4_999_990, rejected: 10 },
    timings: { createdAt: '2024-05-01T12:00:01.000Z', elapsedMs: 10_000 },
    errors: [],
    ...overrides,
  };
}

/** A recorded chunk failure, with the fields given replaced. */
export function chunkFailure(overrides: Partial<ChunkFailure> = {}): ChunkFailure {
  return {
    v: 1,
    index: 7,
    code: 'BadRecord',
    message: 'unterminated quoted field',
    offset: 469_762_100,
    line: 4_900_123,
    attempts: 5,
    final: true,
    at: '2024-05-01T12:02:59.000Z',
    ...overrides,
  };
}
