import { z } from 'zod';

/** Version of the job manifest layout. */
export const MANIFEST_VERSION = 1;

const objectRef = z.strictObject({ bucket: z.string(), key: z.string() });

/** How to read the source: what the dispatcher learnt from HEAD and the first few KiB. */
export const sourceFormatSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('csv'),
    delimiter: z.string().length(1),
    columns: z.array(z.string()),
    /** Bytes before the first data record: BOM and header. */
    headerBytes: z.number().int().min(0),
  }),
  z.strictObject({ kind: z.literal('jsonl') }),
]);
export type SourceFormat = z.infer<typeof sourceFormatSchema>;

/**
 * The job manifest: a snapshot of everything a job needs, written once with
 * `If-None-Match: *`. Processors and the merger read it instead of their own config, so a
 * change of configuration mid-job changes nothing for that job. It never holds secrets:
 * the tokenization key is named by its fingerprint only.
 */
export const jobManifestSchema = z.strictObject({
  v: z.literal(MANIFEST_VERSION),
  jobId: z.string(),
  createdAt: z.string(),
  configDigest: z.string(),
  source: z.strictObject({
    bucket: z.string(),
    key: z.string(),
    etag: z.string(),
    versionId: z.string().optional(),
    size: z.number().int().min(0),
  }),
  format: sourceFormatSchema,
  plan: z.strictObject({
    /** First byte of the record region (after any header). */
    dataStart: z.number().int().min(0),
    /** End of the record region: the object size. */
    dataEnd: z.number().int().min(0),
    chunkSize: z.number().int().min(1),
    chunkCount: z.number().int().min(1).max(10_000),
  }),
  transform: z.strictObject({
    mapping: z.unknown(),
    tokenizeKeyId: z.string().optional(),
  }),
  onBadRecord: z.enum(['fail', 'skip']),
  output: z.strictObject({
    bucket: z.string(),
    key: z.string(),
    format: z.enum(['csv', 'jsonl']),
    contentType: z.string(),
  }),
  staging: z.strictObject({ bucket: z.string(), prefix: z.string() }),
  manifest: objectRef,
});
export type JobManifest = z.infer<typeof jobManifestSchema>;
