import { z } from 'zod';

/** Version of the job manifest layout. */
export const MANIFEST_VERSION = 2;

const objectRef = z.strictObject({ bucket: z.string(), key: z.string() });
const offset = z.number().int().min(0);

/** A named, typed column (see `ColumnType`). */
export const typedColumnSchema = z.strictObject({
  name: z.string(),
  type: z.enum(['string', 'int64', 'double', 'boolean', 'timestamp', 'json']),
});

/** Text record formats that may sit inside gzip or ZIP. */
const textRecordFormat = z.enum(['csv', 'jsonl', 'json']);

/**
 * How to read one source object: what the dispatcher learnt from HEAD, the first few KiB,
 * a Parquet footer or a ZIP central directory. gzip'd and zipped CSV carries its header
 * inside the compressed bytes: the processor reads it there.
 */
export const sourceFormatSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('csv'),
    delimiter: z.string().length(1),
    columns: z.array(z.string()),
    /** Bytes before the first data record: BOM and header. */
    headerBytes: offset,
  }),
  z.strictObject({ kind: z.literal('jsonl') }),
  /** A JSON array; the plan's `dataStart` is just past its opening `[`. */
  z.strictObject({ kind: z.literal('json') }),
  z.strictObject({ kind: z.literal('parquet'), columns: z.array(typedColumnSchema) }),
  z.strictObject({ kind: z.literal('gzip'), inner: textRecordFormat }),
  z.strictObject({ kind: z.literal('zip') }),
]);
export type SourceFormat = z.infer<typeof sourceFormatSchema>;

/** One ZIP entry to process, as the central directory describes it. */
export const zipEntrySchema = z.strictObject({
  name: z.string(),
  format: textRecordFormat,
  method: z.number().int(),
  crc32: z.number().int().min(0),
  compressedSize: offset,
  uncompressedSize: offset,
  localHeaderOffset: offset,
  /** Flags of the entry (bit 0: encrypted; bit 3: data descriptor). */
  flags: z.number().int().min(0),
  /** End of the bytes read for the entry: its local header, data and any descriptor. */
  end: offset,
});
export type ZipEntryPlan = z.infer<typeof zipEntrySchema>;

/**
 * How one source object is cut into chunks: byte ranges of a text object (the Hadoop
 * rule), the whole object (gzip is not splittable), groups of Parquet row groups, or
 * groups of ZIP entries. `start`/`end` are the bytes each group covers in the object.
 */
export const sourcePlanSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ranges'),
    /** First byte of the record region (after any header or `[`). */
    dataStart: offset,
    /** End of the record region: the object size. */
    dataEnd: offset,
    chunkSize: z.number().int().min(1),
    chunkCount: z.number().int().min(1),
  }),
  z.strictObject({ kind: z.literal('whole') }),
  z.strictObject({
    kind: z.literal('rowGroups'),
    groups: z
      .array(
        z.strictObject({
          first: offset,
          count: z.number().int().min(0),
          start: offset,
          end: offset,
        }),
      )
      .min(1),
  }),
  z.strictObject({
    kind: z.literal('entries'),
    groups: z
      .array(z.strictObject({ start: offset, end: offset, entries: z.array(zipEntrySchema) }))
      .min(1),
  }),
]);
export type SourcePlan = z.infer<typeof sourcePlanSchema>;

/** One object of a job (a prefix job has many), with the chunks it was cut into. */
export const jobSourceSchema = z.strictObject({
  bucket: z.string(),
  key: z.string(),
  etag: z.string(),
  versionId: z.string().optional(),
  size: offset,
  format: sourceFormatSchema,
  /** Index of this object's first chunk in the job. */
  firstChunk: offset,
  plan: sourcePlanSchema,
});
export type JobSource = z.infer<typeof jobSourceSchema>;

/**
 * The job manifest: a snapshot of everything a job needs, written once with
 * `If-None-Match: *`. Processors and the merger read it instead of their own config, so a
 * change of configuration mid-job changes nothing for that job. It never holds secrets or
 * record contents: the tokenization key is named by its fingerprint only.
 */
export const jobManifestSchema = z.strictObject({
  v: z.literal(MANIFEST_VERSION),
  jobId: z.string(),
  createdAt: z.string(),
  configDigest: z.string(),
  /** What was submitted: one object, or every object under a prefix. */
  input: z.strictObject({ bucket: z.string(), key: z.string(), prefix: z.boolean() }),
  sources: z.array(jobSourceSchema).min(1),
  /** The records every source holds: their format and the job's columns (from the first source). */
  records: z.strictObject({
    format: z.enum(['csv', 'jsonl', 'json', 'parquet']),
    columns: z.array(typedColumnSchema),
    /** CSV field delimiter (also of gzip'd and zipped CSV). */
    delimiter: z.string().length(1),
  }),
  chunkCount: z.number().int().min(1).max(10_000),
  transform: z.strictObject({
    mapping: z.unknown(),
    tokenizeKeyId: z.string().optional(),
  }),
  onBadRecord: z.enum(['fail', 'skip']),
  output: z.strictObject({
    bucket: z.string(),
    key: z.string(),
    format: z.enum(['csv', 'jsonl', 'json', 'parquet']),
    compression: z.enum(['none', 'gzip']),
    /** The output's columns after the mapping: the CSV header, the Parquet schema. */
    columns: z.array(typedColumnSchema),
    contentType: z.string(),
  }),
  staging: z.strictObject({ bucket: z.string(), prefix: z.string() }),
  manifest: objectRef,
});
export type JobManifest = z.infer<typeof jobManifestSchema>;
