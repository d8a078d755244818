import { z } from 'zod';
import { chunkFailureSchema } from './chunkResult.ts';

/** Lifecycle of a job. */
export const JobState = {
  planned: 'planned',
  running: 'running',
  merging: 'merging',
  succeeded: 'succeeded',
  failed: 'failed',
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];

const counters = z.strictObject({ in: z.number(), out: z.number() });

/** A job's status as `chunkline status` shows it, and as the merger records it at the end. */
export const jobStatusSchema = z.strictObject({
  v: z.literal(1),
  jobId: z.string(),
  state: z.enum(['planned', 'running', 'merging', 'succeeded', 'failed']),
  source: z.strictObject({
    bucket: z.string(),
    key: z.string(),
    etag: z.string(),
    size: z.number(),
  }),
  output: z.strictObject({ bucket: z.string(), key: z.string() }),
  chunks: z.strictObject({ total: z.number(), done: z.number(), failed: z.number() }),
  bytes: counters,
  rows: z.strictObject({ in: z.number(), out: z.number(), rejected: z.number() }),
  timings: z.strictObject({
    createdAt: z.string(),
    finishedAt: z.string().optional(),
    elapsedMs: z.number(),
  }),
  /** Prefix and archive jobs: progress of every source object. */
  objects: z
    .array(
      z.strictObject({
        key: z.string(),
        chunks: z.strictObject({ total: z.number(), done: z.number(), failed: z.number() }),
      }),
    )
    .optional(),
  errors: z.array(chunkFailureSchema),
  reason: z.string().optional(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
