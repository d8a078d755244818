/** Where an object lives. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

/** What a HEAD tells about an object. */
export interface ObjectHead {
  readonly size: number;
  readonly etag: string;
  readonly versionId?: string | undefined;
  readonly lastModified?: Date | undefined;
}

/** A half-open byte range `[start, end)`. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Options for reads that must see one exact version of the object. */
export interface ReadOptions {
  /** Fail with `PreconditionFailed` when the object's ETag differs. */
  readonly ifMatch?: string | undefined;
  readonly range?: ByteRange | undefined;
}

/** One entry of a listing. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  /** Quoted, as HEAD returns it. */
  readonly etag: string;
  readonly lastModified?: Date | undefined;
}

/** A part of a multipart upload, as `complete` needs it. */
export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** An open multipart upload found by a listing. */
export interface OpenUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated?: Date | undefined;
}

/** Outcome of a conditional create: `exists` means another writer got there first. */
export type CreateOutcome = 'created' | 'exists';

/**
 * The object storage Chunkline needs, as a port: the domain speaks only this interface and
 * the S3 adapter implements it. Every conditional create uses `If-None-Match: *`.
 */
export interface ObjectStore {
  /** Size and ETag, or `undefined` when the object does not exist. */
  head(
    ref: ObjectRef,
    options?: { readonly ifMatch?: string | undefined },
  ): Promise<ObjectHead | undefined>;
  /** The object's bytes (or a range of them), fully read. For small objects only. */
  getBytes(ref: ObjectRef, options?: ReadOptions): Promise<Uint8Array>;
  /** The object's bytes (or a range of them) as a stream. */
  getStream(ref: ObjectRef, options?: ReadOptions): Promise<AsyncIterable<Uint8Array>>;
  /** Unconditional write of a small object. */
  put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** Write only if no object exists under the key (`If-None-Match: *`). */
  putIfAbsent(
    ref: ObjectRef,
    body: Uint8Array | string,
    contentType?: string,
  ): Promise<CreateOutcome>;
  /** Every object under a prefix, in key order. */
  list(bucket: string, prefix: string): AsyncIterable<ListedObject>;
  /** The distinct full prefixes one level under `prefix` (a listing with delimiter `/`), e.g. `jobs/abc/`. */
  listPrefixes(bucket: string, prefix: string): AsyncIterable<string>;
  /** Delete these keys (missing keys are not an error). */
  deleteMany(bucket: string, keys: readonly string[]): Promise<void>;

  createMultipartUpload(ref: ObjectRef, contentType?: string): Promise<string>;
  /** Once the returned promise settles, the store no longer reads `body`: the caller may reuse it. */
  uploadPart(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
  ): Promise<CompletedPart>;
  uploadPartCopy(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    source: ObjectRef,
    range: ByteRange,
  ): Promise<CompletedPart>;
  /** Complete only if no object exists under the key (`If-None-Match: *`). */
  completeMultipartUploadIfAbsent(
    ref: ObjectRef,
    uploadId: string,
    parts: readonly CompletedPart[],
  ): Promise<CreateOutcome>;
  abortMultipartUpload(ref: ObjectRef, uploadId: string): Promise<void>;
  listMultipartUploads(bucket: string, prefix: string): AsyncIterable<OpenUpload>;
}
