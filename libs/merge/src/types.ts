import type { ByteRange, CreateOutcome, ObjectRef } from '@chunkline/contracts';

/**
 * One input of a merge, in output order: a part object written by a chunk processor, or
 * literal bytes (a header or separator that some formats need between parts).
 */
export type Piece =
  | {
      readonly kind: 'object';
      readonly key: string;
      readonly size: number;
      /**
       * Leading bytes of the object to leave out, e.g. the separator before a JSON array's
       * first element when this part opens the array. Default 0.
       */
      readonly skip?: number;
    }
  | { readonly kind: 'bytes'; readonly data: Uint8Array };

/** A contiguous run of output bytes: a range of a source object, or literal bytes. */
export type Slice =
  | { readonly kind: 'object'; readonly key: string; readonly range: ByteRange }
  | { readonly kind: 'bytes'; readonly data: Uint8Array };

/** Where the bytes of one multipart part come from. */
export type PartSource =
  /** Server-side `UploadPartCopy` of one range of one source object: no bytes pass through us. */
  | { readonly kind: 'copy'; readonly key: string; readonly range: ByteRange }
  /** Slices read into memory, concatenated and sent with `UploadPart`. */
  | { readonly kind: 'assemble'; readonly slices: readonly Slice[] };

/** One part of a multipart merge. */
export interface PlannedPart {
  /** 1-based, consecutive, in output order. */
  readonly partNumber: number;
  readonly source: PartSource;
}

/**
 * How to build the output object: one `PutObject` of the concatenated slices when the
 * output is small, else a multipart upload.
 */
export type MergePlan =
  { readonly kind: 'single'; readonly slices: readonly Slice[] } | MultipartPlan;

/** A merge plan that builds the output with a multipart upload. */
export interface MultipartPlan {
  readonly kind: 'multipart';
  readonly parts: readonly PlannedPart[];
}

/** Tuning of `planMerge`; the defaults are S3's limits. */
export interface MergePlanOptions {
  /** Smallest size of every part but the last. Default 5 MiB (`DEFAULT_MIN_PART_SIZE`). */
  readonly minPartSize?: number;
  /**
   * Largest size of any part; must be at least twice `minPartSize`.
   * Default 5 GiB (`DEFAULT_MAX_PART_SIZE`).
   */
  readonly maxPartSize?: number;
  /** Most parts one upload may have. Default 10,000 (`DEFAULT_MAX_PARTS`). */
  readonly maxParts?: number;
  /**
   * Outputs smaller than this are written with one `PutObject`; at most `maxPartSize`.
   * Default `minPartSize`.
   */
  readonly singleThreshold?: number;
}

/** Tuning of `executeMerge`. */
export interface ExecuteMergeOptions {
  /**
   * Most parts worked on at once, which also bounds the assembled parts held in memory and
   * the requests in flight. Default 4 (`DEFAULT_MERGE_CONCURRENCY`).
   */
  readonly concurrency?: number;
  /** Content type of the output object. Default: none (the store's default). */
  readonly contentType?: string;
  /** Stops the merge: no new part starts, the upload is aborted, `MergeError('Aborted')`. */
  readonly signal?: AbortSignal;
  /**
   * HEAD the destination first and return `exists` without reading or copying anything when
   * it is already there (a redelivered merge). Correctness never depends on it: the final
   * write is conditional either way. Default `true`.
   */
  readonly checkExisting?: boolean;
  /**
   * Where to record the upload of a multipart merge once every part is in it. With a record,
   * the merge writes `{ uploadId, bytes, parts }` there (`If-None-Match: *`), then deletes every
   * object the plan reads and completes the upload; a merge that finds a record completes
   * that upload instead of starting over (its sources may be gone), and never aborts it.
   * Without, the sources are left to the caller. Default: none.
   */
  readonly record?: ObjectRef;
  /**
   * How long a merge that finds another's record waits for that merge to complete the
   * output before completing the upload itself. Default 60 s (`DEFAULT_RECORD_WAIT_MS`).
   */
  readonly recordWaitMs?: number;
}

/** What `executeMerge` did. */
export interface MergeOutcome {
  /** `created`: this call wrote the output; `exists`: another merger already had. */
  readonly outcome: CreateOutcome;
  /** Parts in the plan; 0 for a single `PutObject`. */
  readonly parts: number;
  /** Size of the output object the plan describes. */
  readonly bytes: number;
  /** The multipart upload this call opened, when it opened one. */
  readonly uploadId?: string;
}

/** What a plan costs, for logs and metrics. */
export interface MergePlanStats {
  /** Parts copied server-side with `UploadPartCopy`. */
  readonly copyParts: number;
  /** Parts assembled in memory and sent with `UploadPart`. */
  readonly assembleParts: number;
  /** Bytes copied server-side. */
  readonly bytesCopied: number;
  /** Bytes that pass through the merger's memory (all of them for a single `PutObject`). */
  readonly bytesAssembled: number;
}
