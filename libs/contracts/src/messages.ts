import { z } from 'zod';

/** Version of every message Chunkline sends; a consumer rejects versions it does not know. */
export const MESSAGE_VERSION = 1;

/**
 * Largest message body any Chunkline consumer accepts. Chunkline's own messages are a few
 * hundred bytes and S3 events a few KiB; anything near SQS's 256 KiB is not ours.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const objectRef = z.strictObject({
  bucket: z.string().min(3).max(63),
  key: z.string().min(1).max(1024),
});
const jobId = z.string().regex(/^[0-9a-f]{32}$/, 'a job id is 32 lowercase hex characters');

/** Ask the processor to transform one byte range. Carries offsets and a manifest reference only. */
export const chunkMessageSchema = z.strictObject({
  v: z.literal(MESSAGE_VERSION),
  type: z.literal('chunk'),
  jobId,
  manifest: objectRef,
  chunk: z.strictObject({
    index: z.number().int().min(0).max(9_999),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  }),
  chunkCount: z.number().int().min(1).max(10_000),
});
export type ChunkMessage = z.infer<typeof chunkMessageSchema>;

/** Ask the merger to assemble a job whose chunks are all done. */
export const mergeMessageSchema = z.strictObject({
  v: z.literal(MESSAGE_VERSION),
  type: z.literal('merge'),
  jobId,
  manifest: objectRef,
});
export type MergeMessage = z.infer<typeof mergeMessageSchema>;

/** A job submitted by hand (`chunkline submit`), sent to the ingest queue. */
export const submitMessageSchema = z.strictObject({
  v: z.literal(MESSAGE_VERSION),
  type: z.literal('submit'),
  source: objectRef,
});
export type SubmitMessage = z.infer<typeof submitMessageSchema>;
