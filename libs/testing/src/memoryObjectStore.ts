import { createHash } from 'node:crypto';
import { StoreError, StoreErrorCode } from '@chunkline/contracts';
import type {
  ByteRange,
  CompletedPart,
  CreateOutcome,
  ListedObject,
  ObjectHead,
  ObjectRef,
  ObjectStore,
  OpenUpload,
  ReadOptions,
} from '@chunkline/contracts';

/**
 * An in-memory `ObjectStore` that behaves like S3 where Chunkline depends on it, for tests.
 *
 * - Conditional creates (`putIfAbsent`, `completeMultipartUploadIfAbsent`) return `exists`
 *   and write nothing when the key is taken.
 * - `ifMatch` reads of a changed object fail with `StoreError('PreconditionFailed')`; reads
 *   of a missing object (and calls on an unknown upload) fail with `NotFound`.
 * - Multipart uploads enforce S3's rules with `StoreError('Rejected')`: part numbers
 *   1..`maxParts`, parts of at most `maxPartSize`, every completed part but the last at
 *   least `minPartSize`, ascending part numbers, ETags that match the uploaded parts, copy
 *   ranges inside the source object. A completion that finds the key taken returns `exists`
 *   and leaves the upload open (the stricter case: the caller must abort it).
 * - Ranges are half-open; like S3, a read range's end is clamped to the object's size and a
 *   range that starts at or past the end is rejected.
 *
 * Every call is counted by operation (`calls`), logged (`log`) and can be intercepted
 * (`intercept`, `failOn`) to inject failures or delays. Bytes read, written and copied and
 * the most calls ever in flight at once are tracked too. `seed`, `bytes`, `keys` and
 * `openUploads` read and write directly, without counting.
 */
export class MemoryObjectStore implements ObjectStore {
  /** Calls so far, by operation. */
  readonly calls: Record<StoreOperation, number> = emptyCounts();
  /** Every call so far, in order. */
  readonly log: StoreCall[] = [];
  /** Bytes returned by `getBytes` and `getStream`. */
  bytesRead = 0;
  /** Bytes sent with `put`, `putIfAbsent` (when written) and `uploadPart`. */
  bytesWritten = 0;
  /** Bytes copied server-side by `uploadPartCopy`. */
  bytesCopied = 0;
  /** Calls running right now (an interceptor may hold them). */
  inFlight = 0;
  /** The most calls that were ever running at once. */
  maxInFlight = 0;

  readonly #minPartSize: number;
  readonly #maxPartSize: number;
  readonly #maxParts: number;
  readonly #streamChunkSize: number;
  readonly #buckets = new Map<string, Map<string, StoredObject>>();
  readonly #uploads = new Map<string, Upload>();
  readonly #interceptors: StoreInterceptor[] = [];
  #uploadSequence = 0;

  /**
   * @param options - `minPartSize` (default 5 MiB), `maxPartSize` (default 5 GiB),
   *   `maxParts` (default 10,000), `streamChunkSize` of `getStream` (default 64 KiB).
   */
  constructor(options: MemoryObjectStoreOptions = {}) {
    this.#minPartSize = options.minPartSize ?? 5 * 1024 * 1024;
    this.#maxPartSize = options.maxPartSize ?? 5 * 1024 * 1024 * 1024;
    this.#maxParts = options.maxParts ?? 10_000;
    this.#streamChunkSize = options.streamChunkSize ?? 64 * 1024;
  }

  // ---- test controls -------------------------------------------------------------------

  /** Writes an object directly (not counted). */
  seed(ref: ObjectRef, body: Uint8Array | string, contentType?: string): StoredObject {
    const bytes = toBytes(body);
    const stored = storedObject(bytes, md5Etag(bytes), contentType);
    this.#bucket(ref.bucket).set(ref.key, stored);
    return stored;
  }

  /** The stored object, or `undefined` (not counted). */
  object(ref: ObjectRef): StoredObject | undefined {
    return this.#buckets.get(ref.bucket)?.get(ref.key);
  }

  /** A copy of the stored bytes, or `undefined` (not counted). */
  bytes(ref: ObjectRef): Uint8Array | undefined {
    return this.object(ref)?.bytes.slice();
  }

  /** Every key of a bucket, sorted (not counted). */
  keys(bucket: string): string[] {
    return [...(this.#buckets.get(bucket)?.keys() ?? [])].sort();
  }

  /** Every multipart upload still open, in any bucket (not counted). */
  openUploads(): { readonly bucket: string; readonly key: string; readonly uploadId: string }[] {
    return [...this.#uploads].map(([uploadId, upload]) => ({
      bucket: upload.ref.bucket,
      key: upload.ref.key,
      uploadId,
    }));
  }

  /**
   * Runs `interceptor` before every call, in registration order; it may throw to fail the
   * call or await to delay it. Returns a function that removes it.
   */
  intercept(interceptor: StoreInterceptor): () => void {
    this.#interceptors.push(interceptor);
    return () => {
      const index = this.#interceptors.indexOf(interceptor);
      if (index >= 0) this.#interceptors.splice(index, 1);
    };
  }

  /**
   * Fails the next `times` (default 1) calls of `operation` for which `when` holds (default:
   * every call) with `error` (default a transient `StoreError`).
   */
  failOn(operation: StoreOperation, options: FailOnOptions = {}): void {
    let remaining = options.times ?? 1;
    this.intercept((call) => {
      if (call.operation !== operation || remaining <= 0) return;
      if (options.when !== undefined && !options.when(call)) return;
      remaining -= 1;
      throw (
        options.error ??
        new StoreError(StoreErrorCode.transient, `injected failure of ${operation} (test)`)
      );
    });
  }

  /** Total calls so far, over all operations. */
  totalCalls(): number {
    return Object.values(this.calls).reduce((sum, count) => sum + count, 0);
  }

  /** Zeroes the call counts, the log and the byte and concurrency counters. */
  resetCounters(): void {
    for (const operation of storeOperations) this.calls[operation] = 0;
    this.log.length = 0;
    this.bytesRead = 0;
    this.bytesWritten = 0;
    this.bytesCopied = 0;
    this.maxInFlight = this.inFlight;
  }

  // ---- ObjectStore ---------------------------------------------------------------------

  head(
    ref: ObjectRef,
    options: { readonly ifMatch?: string | undefined } = {},
  ): Promise<ObjectHead | undefined> {
    return this.#run({ operation: 'head', ref, args: [ref, options] }, () => {
      const stored = this.object(ref);
      if (stored === undefined) return undefined;
      this.#checkIfMatch(ref, stored, options.ifMatch);
      return { size: stored.bytes.length, etag: stored.etag, lastModified: stored.lastModified };
    });
  }

  getBytes(ref: ObjectRef, options: ReadOptions = {}): Promise<Uint8Array> {
    return this.#run({ operation: 'getBytes', ref, args: [ref, options] }, () => {
      const bytes = this.#read(ref, options);
      this.bytesRead += bytes.length;
      return bytes;
    });
  }

  async getStream(ref: ObjectRef, options: ReadOptions = {}): Promise<AsyncIterable<Uint8Array>> {
    const bytes = await this.#run({ operation: 'getStream', ref, args: [ref, options] }, () =>
      this.#read(ref, options),
    );
    const chunkSize = this.#streamChunkSize;
    const countRead = (length: number): void => {
      this.bytesRead += length;
    };
    return (async function* chunks() {
      for (let at = 0; at < bytes.length; at += chunkSize) {
        const chunk = bytes.slice(at, at + chunkSize);
        countRead(chunk.length);
        yield chunk;
      }
    })();
  }

  put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void> {
    return this.#run({ operation: 'put', ref, args: [ref, body, contentType] }, () => {
      const bytes = toBytes(body);
      this.bytesWritten += bytes.length;
      this.#bucket(ref.bucket).set(ref.key, storedObject(bytes, md5Etag(bytes), contentType));
    });
  }

  putIfAbsent(
    ref: ObjectRef,
    body: Uint8Array | string,
    contentType?: string,
  ): Promise<CreateOutcome> {
    return this.#run({ operation: 'putIfAbsent', ref, args: [ref, body, contentType] }, () => {
      if (this.object(ref) !== undefined) return 'exists';
      const bytes = toBytes(body);
      this.bytesWritten += bytes.length;
      this.#bucket(ref.bucket).set(ref.key, storedObject(bytes, md5Etag(bytes), contentType));
      return 'created';
    });
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ListedObject> {
    const listed = await this.#run({ operation: 'list', args: [bucket, prefix] }, () =>
      this.keys(bucket)
        .filter((key) => key.startsWith(prefix))
        .map((key) => {
          const stored = this.#bucket(bucket).get(key) as StoredObject;
          return {
            key,
            size: stored.bytes.length,
            etag: stored.etag,
            lastModified: stored.lastModified,
          };
        }),
    );
    yield* listed;
  }

  /** Like S3's `CommonPrefixes` with delimiter `/`: each is `prefix + segment + '/'`, sorted. */
  async *listPrefixes(bucket: string, prefix: string): AsyncIterable<string> {
    const prefixes = await this.#run({ operation: 'listPrefixes', args: [bucket, prefix] }, () => {
      const found = new Set<string>();
      for (const key of this.keys(bucket)) {
        if (!key.startsWith(prefix)) continue;
        const slash = key.indexOf('/', prefix.length);
        if (slash >= 0) found.add(key.slice(0, slash + 1));
      }
      return [...found].sort();
    });
    yield* prefixes;
  }

  deleteMany(bucket: string, keys: readonly string[]): Promise<void> {
    return this.#run({ operation: 'deleteMany', args: [bucket, keys] }, () => {
      const objects = this.#buckets.get(bucket);
      for (const key of keys) objects?.delete(key);
    });
  }

  createMultipartUpload(ref: ObjectRef, contentType?: string): Promise<string> {
    return this.#run({ operation: 'createMultipartUpload', ref, args: [ref, contentType] }, () => {
      this.#uploadSequence += 1;
      const uploadId = `upload-${this.#uploadSequence}`;
      this.#uploads.set(uploadId, {
        ref: { bucket: ref.bucket, key: ref.key },
        contentType,
        initiated: new Date(),
        parts: new Map(),
      });
      return uploadId;
    });
  }

  uploadPart(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
  ): Promise<CompletedPart> {
    return this.#run(
      { operation: 'uploadPart', ref, partNumber, args: [ref, uploadId, partNumber, body] },
      () => {
        const upload = this.#upload(ref, uploadId);
        this.#checkPartNumber(partNumber);
        this.#checkPartSize(body.length, `part ${partNumber}`);
        // A copy, as S3 keeps what it received: the caller may reuse `body` (a Buffer's
        // `slice` would be a view of it).
        const bytes = new Uint8Array(body);
        const etag = md5Etag(bytes);
        upload.parts.set(partNumber, { bytes, etag });
        this.bytesWritten += bytes.length;
        return { partNumber, etag };
      },
    );
  }

  uploadPartCopy(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    source: ObjectRef,
    range: ByteRange,
  ): Promise<CompletedPart> {
    return this.#run(
      {
        operation: 'uploadPartCopy',
        ref,
        partNumber,
        args: [ref, uploadId, partNumber, source, range],
      },
      () => {
        const upload = this.#upload(ref, uploadId);
        this.#checkPartNumber(partNumber);
        const stored = this.object(source);
        if (stored === undefined) {
          throw new StoreError(
            StoreErrorCode.notFound,
            `NoSuchKey: copy source ${url(source)} does not exist`,
          );
        }
        const size = stored.bytes.length;
        if (
          !isWhole(range.start) ||
          !isWhole(range.end) ||
          range.end <= range.start ||
          range.end > size
        ) {
          throw new StoreError(
            StoreErrorCode.rejected,
            `InvalidArgument: copy range [${range.start}, ${range.end}) is not valid for ` +
              `${url(source)} of size ${size}`,
          );
        }
        this.#checkPartSize(range.end - range.start, `copy part ${partNumber}`);
        const bytes = stored.bytes.slice(range.start, range.end);
        const etag = md5Etag(bytes);
        upload.parts.set(partNumber, { bytes, etag });
        this.bytesCopied += bytes.length;
        return { partNumber, etag };
      },
    );
  }

  completeMultipartUploadIfAbsent(
    ref: ObjectRef,
    uploadId: string,
    parts: readonly CompletedPart[],
  ): Promise<CreateOutcome> {
    return this.#run(
      { operation: 'completeMultipartUploadIfAbsent', ref, args: [ref, uploadId, parts] },
      () => {
        const upload = this.#upload(ref, uploadId);
        if (parts.length === 0) {
          throw new StoreError(
            StoreErrorCode.rejected,
            `MalformedXML: completing ${uploadId} with no parts`,
          );
        }
        const chosen: UploadedPart[] = [];
        parts.forEach((part, index) => {
          const previous = parts[index - 1];
          if (previous !== undefined && part.partNumber <= previous.partNumber) {
            throw new StoreError(
              StoreErrorCode.rejected,
              `InvalidPartOrder: part ${part.partNumber} follows part ${previous.partNumber}`,
            );
          }
          const uploaded = upload.parts.get(part.partNumber);
          if (uploaded === undefined || unquote(uploaded.etag) !== unquote(part.etag)) {
            throw new StoreError(
              StoreErrorCode.rejected,
              `InvalidPart: part ${part.partNumber} with ETag ${part.etag} was not uploaded to ${uploadId}`,
            );
          }
          if (index < parts.length - 1 && uploaded.bytes.length < this.#minPartSize) {
            throw new StoreError(
              StoreErrorCode.rejected,
              `EntityTooSmall: part ${part.partNumber} has ${uploaded.bytes.length} bytes, below ` +
                `the minimum ${this.#minPartSize} for every part but the last`,
            );
          }
          chosen.push(uploaded);
        });
        if (this.object(ref) !== undefined) return 'exists';

        const bytes = concat(chosen.map((part) => part.bytes));
        const digest = createHash('md5');
        for (const part of chosen) digest.update(Buffer.from(unquote(part.etag), 'hex'));
        const etag = `"${digest.digest('hex')}-${chosen.length}"`;
        this.#bucket(ref.bucket).set(ref.key, storedObject(bytes, etag, upload.contentType));
        this.#uploads.delete(uploadId);
        return 'created';
      },
    );
  }

  abortMultipartUpload(ref: ObjectRef, uploadId: string): Promise<void> {
    return this.#run({ operation: 'abortMultipartUpload', ref, args: [ref, uploadId] }, () => {
      this.#upload(ref, uploadId);
      this.#uploads.delete(uploadId);
    });
  }

  async *listMultipartUploads(bucket: string, prefix: string): AsyncIterable<OpenUpload> {
    const uploads = await this.#run(
      { operation: 'listMultipartUploads', args: [bucket, prefix] },
      () =>
        [...this.#uploads]
          .filter(([, upload]) => upload.ref.bucket === bucket && upload.ref.key.startsWith(prefix))
          .map(([uploadId, upload]) => ({
            key: upload.ref.key,
            uploadId,
            initiated: upload.initiated,
          }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    );
    yield* uploads;
  }

  // ---- internals -----------------------------------------------------------------------

  async #run<T>(call: StoreCall, body: () => T): Promise<T> {
    this.calls[call.operation] += 1;
    this.log.push(call);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      for (const interceptor of [...this.#interceptors]) await interceptor(call);
      await Promise.resolve();
      return body();
    } finally {
      this.inFlight -= 1;
    }
  }

  #bucket(bucket: string): Map<string, StoredObject> {
    let objects = this.#buckets.get(bucket);
    if (objects === undefined) {
      objects = new Map();
      this.#buckets.set(bucket, objects);
    }
    return objects;
  }

  #read(ref: ObjectRef, options: ReadOptions): Uint8Array {
    const stored = this.object(ref);
    if (stored === undefined) {
      throw new StoreError(StoreErrorCode.notFound, `NoSuchKey: ${url(ref)} does not exist`);
    }
    this.#checkIfMatch(ref, stored, options.ifMatch);
    const { range } = options;
    if (range === undefined) return stored.bytes.slice();
    const size = stored.bytes.length;
    if (
      !isWhole(range.start) ||
      !isWhole(range.end) ||
      range.end <= range.start ||
      range.start >= size
    ) {
      throw new StoreError(
        StoreErrorCode.rejected,
        `InvalidRange: range [${range.start}, ${range.end}) is not satisfiable for ${url(ref)} of size ${size}`,
      );
    }
    return stored.bytes.slice(range.start, Math.min(range.end, size));
  }

  #checkIfMatch(ref: ObjectRef, stored: StoredObject, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '*' || unquote(ifMatch) === unquote(stored.etag))
      return;
    throw new StoreError(
      StoreErrorCode.preconditionFailed,
      `PreconditionFailed: ${url(ref)} has ETag ${stored.etag}, not ${ifMatch}`,
    );
  }

  #upload(ref: ObjectRef, uploadId: string): Upload {
    const upload = this.#uploads.get(uploadId);
    if (upload === undefined || upload.ref.bucket !== ref.bucket || upload.ref.key !== ref.key) {
      throw new StoreError(
        StoreErrorCode.notFound,
        `NoSuchUpload: no open upload ${uploadId} for ${url(ref)} (completed, aborted or never created)`,
      );
    }
    return upload;
  }

  #checkPartNumber(partNumber: number): void {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > this.#maxParts) {
      throw new StoreError(
        StoreErrorCode.rejected,
        `InvalidArgument: part number ${partNumber} is outside 1..${this.#maxParts}`,
      );
    }
  }

  #checkPartSize(size: number, what: string): void {
    if (size > this.#maxPartSize) {
      throw new StoreError(
        StoreErrorCode.rejected,
        `EntityTooLarge: ${what} has ${size} bytes, above the maximum ${this.#maxPartSize}`,
      );
    }
  }
}

/** Every operation of the `ObjectStore` port. */
export const storeOperations = [
  'head',
  'getBytes',
  'getStream',
  'put',
  'putIfAbsent',
  'list',
  'listPrefixes',
  'deleteMany',
  'createMultipartUpload',
  'uploadPart',
  'uploadPartCopy',
  'completeMultipartUploadIfAbsent',
  'abortMultipartUpload',
  'listMultipartUploads',
] as const satisfies readonly (keyof ObjectStore)[];
export type StoreOperation = (typeof storeOperations)[number];

/** One call, as interceptors and the log see it. */
export interface StoreCall {
  readonly operation: StoreOperation;
  /** The object the call is about, when it is about one. */
  readonly ref?: ObjectRef;
  /** The part number, for `uploadPart` and `uploadPartCopy`. */
  readonly partNumber?: number;
  /** The arguments, as passed. */
  readonly args: readonly unknown[];
}

/** Runs before a call; throw to fail it, await to delay it. */
export type StoreInterceptor = (call: StoreCall) => void | Promise<void>;

/** Which calls `failOn` fails, and how. */
export interface FailOnOptions {
  /** Only calls for which this holds. Default: every call of the operation. */
  readonly when?: (call: StoreCall) => boolean;
  /** What to throw. Default: a transient `StoreError`. */
  readonly error?: unknown;
  /** How many calls to fail. Default 1. */
  readonly times?: number;
}

/** Limits of a `MemoryObjectStore`; the defaults are S3's. */
export interface MemoryObjectStoreOptions {
  /** Smallest completed part but the last. Default 5 MiB. */
  readonly minPartSize?: number;
  /** Largest part. Default 5 GiB. */
  readonly maxPartSize?: number;
  /** Largest part number. Default 10,000. */
  readonly maxParts?: number;
  /** Size of the chunks `getStream` yields. Default 64 KiB. */
  readonly streamChunkSize?: number;
}

/** An object as the store keeps it. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly etag: string;
  readonly contentType: string | undefined;
  readonly lastModified: Date;
}

interface UploadedPart {
  readonly bytes: Uint8Array;
  readonly etag: string;
}

interface Upload {
  readonly ref: ObjectRef;
  readonly contentType: string | undefined;
  readonly initiated: Date;
  readonly parts: Map<number, UploadedPart>;
}

function emptyCounts(): Record<StoreOperation, number> {
  return Object.fromEntries(storeOperations.map((operation) => [operation, 0])) as Record<
    StoreOperation,
    number
  >;
}

function storedObject(
  bytes: Uint8Array,
  etag: string,
  contentType: string | undefined,
): StoredObject {
  return { bytes, etag, contentType, lastModified: new Date() };
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
}

function md5Etag(bytes: Uint8Array): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

function isWhole(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function url(ref: ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}`;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
