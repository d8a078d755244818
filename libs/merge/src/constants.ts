/** One mebibyte, in bytes. */
export const MiB = 1024 * 1024;

/** One gibibyte, in bytes. */
export const GiB = 1024 * MiB;

/** S3's smallest size for any multipart part but the last: 5 MiB. */
export const DEFAULT_MIN_PART_SIZE = 5 * MiB;

/** S3's largest multipart part (and largest `UploadPartCopy` range): 5 GiB. */
export const DEFAULT_MAX_PART_SIZE = 5 * GiB;

/** S3's largest number of parts in one multipart upload: 10,000. */
export const DEFAULT_MAX_PARTS = 10_000;

/** How many parts `executeMerge` uploads at once by default: 4. */
export const DEFAULT_MERGE_CONCURRENCY = 4;

/** How long a merge that finds another's upload record waits for its output by default: 60 s. */
export const DEFAULT_RECORD_WAIT_MS = 60_000;
