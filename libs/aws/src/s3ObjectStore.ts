import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { StoreErrorCode } from '@chunkline/contracts';
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
import { classifyError, statusOf } from './classifyError.ts';

const url = (ref: ObjectRef): string => `s3://${ref.bucket}/${ref.key}`;
const rangeHeader = (range: ByteRange | undefined): string | undefined =>
  range ? `bytes=${range.start}-${range.end - 1}` : undefined;

/** How often a conditional write retries S3's 409 ConditionalRequestConflict. */
const CONFLICT_RETRIES = 6;

/** Options of an `S3ObjectStore`. */
export interface S3ObjectStoreOptions {
  /**
   * Account id sent as `ExpectedBucketOwner` (and `ExpectedSourceBucketOwner` on copies) on
   * every request, so a bucket owned by another account is refused with 403. Default: none.
   */
  readonly expectedBucketOwner?: string | undefined;
}

/** The object-store port over S3. Every SDK error is wrapped and classified here. */
export class S3ObjectStore implements ObjectStore {
  private readonly s3: S3Client;
  /** `{ ExpectedBucketOwner }` when configured, spread into every command's input. */
  private readonly owner: { ExpectedBucketOwner?: string };

  constructor(s3: S3Client, options: S3ObjectStoreOptions = {}) {
    this.s3 = s3;
    this.owner =
      options.expectedBucketOwner !== undefined
        ? { ExpectedBucketOwner: options.expectedBucketOwner }
        : {};
  }

  async head(
    ref: ObjectRef,
    options?: { ifMatch?: string | undefined },
  ): Promise<ObjectHead | undefined> {
    try {
      const out = await this.s3.send(
        new HeadObjectCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          IfMatch: options?.ifMatch,
        }),
      );
      return {
        size: out.ContentLength ?? 0,
        etag: out.ETag ?? '',
        versionId: out.VersionId,
        lastModified: out.LastModified,
      };
    } catch (error) {
      const wrapped = classifyError(error, 'HeadObject', url(ref));
      if (wrapped.code === StoreErrorCode.notFound) return undefined;
      throw wrapped;
    }
  }

  async getBytes(ref: ObjectRef, options?: ReadOptions): Promise<Uint8Array> {
    if (options?.range && options.range.end <= options.range.start) return new Uint8Array(0);
    try {
      const out = await this.s3.send(this.getCommand(ref, options));
      return (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
    } catch (error) {
      throw classifyError(error, 'GetObject', url(ref));
    }
  }

  async getStream(ref: ObjectRef, options?: ReadOptions): Promise<AsyncIterable<Uint8Array>> {
    if (options?.range && options.range.end <= options.range.start)
      return (async function* () {})();
    try {
      const out = await this.s3.send(this.getCommand(ref, options));
      const body = out.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) return (async function* () {})();
      return wrapStream(body, ref);
    } catch (error) {
      throw classifyError(error, 'GetObject', url(ref));
    }
  }

  async put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          Body: body,
          ContentType: contentType,
        }),
      );
    } catch (error) {
      throw classifyError(error, 'PutObject', url(ref));
    }
  }

  async putIfAbsent(
    ref: ObjectRef,
    body: Uint8Array | string,
    contentType?: string,
  ): Promise<CreateOutcome> {
    return this.conditionalCreate('PutObject', ref, () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: '*',
        }),
      ),
    );
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      const out = await this.listPage(bucket, prefix, token, undefined);
      for (const item of out.Contents ?? []) {
        if (item.Key)
          yield {
            key: item.Key,
            size: item.Size ?? 0,
            etag: item.ETag ?? '',
            lastModified: item.LastModified,
          };
      }
      token = out.NextContinuationToken;
    } while (token);
  }

  async *listPrefixes(bucket: string, prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const out = await this.listPage(bucket, prefix, token, '/');
      for (const item of out.CommonPrefixes ?? []) if (item.Prefix) yield item.Prefix;
      token = out.NextContinuationToken;
    } while (token);
  }

  async deleteMany(bucket: string, keys: readonly string[]): Promise<void> {
    for (let at = 0; at < keys.length; at += 1000) {
      const batch = keys.slice(at, at + 1000);
      try {
        const out = await this.s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            ...this.owner,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const failed = out.Errors?.[0];
        if (failed)
          throw Object.assign(new Error(`${failed.Key}: ${failed.Message}`), { name: failed.Code });
      } catch (error) {
        throw classifyError(error, 'DeleteObjects', `s3://${bucket} (${batch.length} keys)`);
      }
    }
  }

  async createMultipartUpload(ref: ObjectRef, contentType?: string): Promise<string> {
    try {
      const out = await this.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          ContentType: contentType,
        }),
      );
      if (!out.UploadId) throw new Error('no UploadId in the response');
      return out.UploadId;
    } catch (error) {
      throw classifyError(error, 'CreateMultipartUpload', url(ref));
    }
  }

  async uploadPart(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
  ): Promise<CompletedPart> {
    try {
      const out = await this.s3.send(
        new UploadPartCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
        }),
      );
      return { partNumber, etag: out.ETag ?? '' };
    } catch (error) {
      throw classifyError(error, `UploadPart ${partNumber}`, url(ref));
    }
  }

  async uploadPartCopy(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    source: ObjectRef,
    range: ByteRange,
  ): Promise<CompletedPart> {
    try {
      const out = await this.s3.send(
        new UploadPartCopyCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          CopySource: `${source.bucket}/${encodeURIComponent(source.key).replace(/%2F/g, '/')}`,
          CopySourceRange: rangeHeader(range),
          ...(this.owner.ExpectedBucketOwner !== undefined
            ? { ExpectedSourceBucketOwner: this.owner.ExpectedBucketOwner }
            : {}),
        }),
      );
      return { partNumber, etag: out.CopyPartResult?.ETag ?? '' };
    } catch (error) {
      throw classifyError(error, `UploadPartCopy ${partNumber} from ${url(source)}`, url(ref));
    }
  }

  async completeMultipartUploadIfAbsent(
    ref: ObjectRef,
    uploadId: string,
    parts: readonly CompletedPart[],
  ): Promise<CreateOutcome> {
    return this.conditionalCreate('CompleteMultipartUpload', ref, () =>
      this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          UploadId: uploadId,
          IfNoneMatch: '*',
          MultipartUpload: {
            Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
          },
        }),
      ),
    );
  }

  async abortMultipartUpload(ref: ObjectRef, uploadId: string): Promise<void> {
    try {
      await this.s3.send(
        new AbortMultipartUploadCommand({
          Bucket: ref.bucket,
          ...this.owner,
          Key: ref.key,
          UploadId: uploadId,
        }),
      );
    } catch (error) {
      const wrapped = classifyError(error, 'AbortMultipartUpload', url(ref));
      if (wrapped.code !== StoreErrorCode.notFound) throw wrapped;
    }
  }

  async *listMultipartUploads(bucket: string, prefix: string): AsyncIterable<OpenUpload> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      let out;
      try {
        out = await this.s3.send(
          new ListMultipartUploadsCommand({
            Bucket: bucket,
            ...this.owner,
            Prefix: prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
      } catch (error) {
        throw classifyError(error, 'ListMultipartUploads', `s3://${bucket}/${prefix}`);
      }
      for (const upload of out.Uploads ?? []) {
        if (upload.Key && upload.UploadId)
          yield { key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated };
      }
      if (!out.IsTruncated) return;
      keyMarker = out.NextKeyMarker;
      uploadIdMarker = out.NextUploadIdMarker;
    }
  }

  /**
   * Check that a bucket exists and this process may use it (HeadBucket, with the expected
   * owner when configured): the readiness probe's S3 check. Throws a classified `StoreError`.
   */
  async probeBucket(bucket: string, options: { abortSignal?: AbortSignal } = {}): Promise<void> {
    try {
      await this.s3.send(
        new HeadBucketCommand({ Bucket: bucket, ...this.owner }),
        options.abortSignal ? { abortSignal: options.abortSignal } : {},
      );
    } catch (error) {
      throw classifyError(error, 'HeadBucket', `s3://${bucket}`);
    }
  }

  private getCommand(ref: ObjectRef, options: ReadOptions | undefined): GetObjectCommand {
    return new GetObjectCommand({
      Bucket: ref.bucket,
      ...this.owner,
      Key: ref.key,
      Range: rangeHeader(options?.range),
      IfMatch: options?.ifMatch,
    });
  }

  private async listPage(
    bucket: string,
    prefix: string,
    token: string | undefined,
    delimiter: string | undefined,
  ) {
    try {
      return await this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          ...this.owner,
          Prefix: prefix,
          ContinuationToken: token,
          Delimiter: delimiter,
        }),
      );
    } catch (error) {
      throw classifyError(error, 'ListObjectsV2', `s3://${bucket}/${prefix}`);
    }
  }

  /** `If-None-Match: *`: 412 means another writer won; 409 means one is still writing, so wait and ask again. */
  private async conditionalCreate(
    operation: string,
    ref: ObjectRef,
    send: () => Promise<unknown>,
  ): Promise<CreateOutcome> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await send();
        return 'created';
      } catch (error) {
        const status = statusOf(error);
        if (status === 412) return 'exists';
        if (status === 409 && attempt < CONFLICT_RETRIES) {
          await new Promise((resolve) =>
            setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())),
          );
          continue;
        }
        throw classifyError(error, operation, url(ref));
      }
    }
  }
}

/** Errors while reading a body arrive mid-stream; wrap them there too. */
async function* wrapStream(
  body: AsyncIterable<Uint8Array>,
  ref: ObjectRef,
): AsyncIterable<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    throw classifyError(error, 'GetObject (reading body)', url(ref));
  }
}
