/** Names for the buckets and queues {@link bootstrapLocalStack} creates; every field is optional. */
export interface ChunklineResourceNames {
  /**
   * Prepended to every bucket and queue name, so each test can own its resources, e.g. `'t3f9a-'`.
   * Lowercase letters, digits and hyphens. Default `'chunkline-'`.
   */
  readonly prefix?: string;
  /** Bucket whose new objects are announced on the ingest queue. Default `'source'` (after the prefix). */
  readonly sourceBucket?: string;
  /** Bucket results are written to. Default `'output'`. May equal another bucket name. */
  readonly outputBucket?: string;
  /** Bucket for intermediate chunk files. Default `'staging'`. May equal another bucket name. */
  readonly stagingBucket?: string;
}

/** The three work queues; each gets a dead-letter queue named `<queue>-dlq`. */
export const QUEUE_ROLES = ['ingest', 'chunk', 'merge'] as const;

/** One of {@link QUEUE_ROLES}. */
export type QueueRole = (typeof QUEUE_ROLES)[number];

/** Fully resolved, validated names. */
export interface ResolvedResourceNames {
  /** Bucket names by role. */
  readonly buckets: { readonly source: string; readonly output: string; readonly staging: string };
  /** Queue names by role (dead-letter queues add `-dlq`). */
  readonly queues: Readonly<Record<QueueRole, string>>;
}

/** Default for {@link ChunklineResourceNames.prefix}. */
export const DEFAULT_RESOURCE_PREFIX = 'chunkline-';

/** Suffix of every dead-letter queue name. */
export const DLQ_SUFFIX = '-dlq';

function checkBucketName(name: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || name.includes('..')) {
    throw new Error(
      `Bucket name "${name}" is not valid for S3: use 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit. Shorten or lowercase the prefix or name.`,
    );
  }
  return name;
}

function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name) || name.length + DLQ_SUFFIX.length > 80) {
    throw new Error(
      `Queue name "${name}" is not valid for SQS: use letters, digits, hyphens or underscores, at most ${80 - DLQ_SUFFIX.length} characters (so "${DLQ_SUFFIX}" still fits).`,
    );
  }
  return name;
}

/** Applies defaults and the prefix to `names` and checks the results against S3 and SQS naming rules. */
export function resolveResourceNames(names: ChunklineResourceNames = {}): ResolvedResourceNames {
  const prefix = names.prefix ?? DEFAULT_RESOURCE_PREFIX;
  return {
    buckets: {
      source: checkBucketName(prefix + (names.sourceBucket ?? 'source')),
      output: checkBucketName(prefix + (names.outputBucket ?? 'output')),
      staging: checkBucketName(prefix + (names.stagingBucket ?? 'staging')),
    },
    queues: {
      ingest: checkQueueName(`${prefix}ingest`),
      chunk: checkQueueName(`${prefix}chunk`),
      merge: checkQueueName(`${prefix}merge`),
    },
  };
}
