import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef } from '@chunkline/contracts';
import { classifyError } from './classifyError.ts';
import { S3ObjectStore } from './s3ObjectStore.ts';

const url = (ref: ObjectRef): string => `s3://${ref.bucket}/${ref.key}`;

/** A part S3 holds for an open upload, as UploadPart returned it or ListParts lists it. */
export interface UploadedPart {
  readonly partNumber: number;
  readonly size: number;
  /** Quoted, as S3 returns it; the MD5 of the part's bytes for a plain (unencrypted) upload. */
  readonly etag: string;
  /** Base64 of the big-endian CRC32 of the part's bytes; absent if S3 did not report one. */
  readonly checksumCrc32?: string | undefined;
}

/** An open multipart upload on exactly one key. */
export interface OpenChecksumUpload {
  readonly uploadId: string;
  readonly initiated?: Date | undefined;
  /** `CRC32` for an upload created by `S3ChecksumUploads.create`. */
  readonly checksumAlgorithm?: string | undefined;
}

/** What CompleteMultipartUpload returned. */
export interface CompletedUpload {
  readonly etag: string;
  /** The composite checksum, `<base64 CRC32 of the part CRC32s>-<parts>`, when S3 returns one. */
  readonly checksumCrc32?: string | undefined;
}

/**
 * Multipart uploads verified part by part with CRC32 (`ChecksumAlgorithm: 'CRC32'`): S3 checks
 * each part against the checksum sent with it and refuses it (`BadDigest`) on a mismatch. Used
 * by `chunkline upload`; the upload itself is the resumable state (ListParts says what S3 has).
 * Every SDK error is wrapped and classified here; aborting an upload that is gone is not an error.
 */
export class S3ChecksumUploads {
  private readonly s3: S3Client;
  private readonly store: S3ObjectStore;

  constructor(s3: S3Client) {
    this.s3 = s3;
    this.store = new S3ObjectStore(s3);
  }

  /** Start an upload whose parts carry CRC32 checksums; returns its upload id. */
  async create(ref: ObjectRef, contentType?: string): Promise<string> {
    return this.call('CreateMultipartUpload', ref, async () => {
      const out = await this.s3.send(
        new CreateMultipartUploadCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          ContentType: contentType,
          ChecksumAlgorithm: 'CRC32',
        }),
      );
      if (!out.UploadId) throw new Error('no UploadId in the response');
      return out.UploadId;
    });
  }

  /** Send one part with its CRC32 (base64, big-endian); S3 refuses it if the bytes differ. */
  async uploadPart(
    ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
    checksumCrc32: string,
  ): Promise<UploadedPart> {
    const out = await this.call(`UploadPart ${partNumber}`, ref, () =>
      this.s3.send(
        new UploadPartCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ChecksumAlgorithm: 'CRC32',
          ChecksumCRC32: checksumCrc32,
        }),
      ),
    );
    return {
      partNumber,
      size: body.byteLength,
      etag: out.ETag ?? '',
      checksumCrc32: out.ChecksumCRC32 ?? checksumCrc32,
    };
  }

  /** Every part S3 holds for the upload, in part order (all pages). */
  async listParts(ref: ObjectRef, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    for (;;) {
      const out = await this.call('ListParts', ref, () =>
        this.s3.send(
          new ListPartsCommand({
            Bucket: ref.bucket,
            Key: ref.key,
            UploadId: uploadId,
            PartNumberMarker: marker,
          }),
        ),
      );
      for (const part of out.Parts ?? []) {
        if (part.PartNumber === undefined) continue;
        parts.push({
          partNumber: part.PartNumber,
          size: part.Size ?? 0,
          etag: part.ETag ?? '',
          checksumCrc32: part.ChecksumCRC32,
        });
      }
      if (!out.IsTruncated || !out.NextPartNumberMarker) break;
      marker = out.NextPartNumberMarker;
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  /** The open uploads on exactly this key (not on keys it is a prefix of), oldest first. */
  async listOpen(ref: ObjectRef): Promise<OpenChecksumUpload[]> {
    const uploads: OpenChecksumUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const out = await this.call('ListMultipartUploads', ref, () =>
        this.s3.send(
          new ListMultipartUploadsCommand({
            Bucket: ref.bucket,
            Prefix: ref.key,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        ),
      );
      for (const upload of out.Uploads ?? []) {
        if (upload.Key === ref.key && upload.UploadId) {
          uploads.push({
            uploadId: upload.UploadId,
            initiated: upload.Initiated,
            checksumAlgorithm: upload.ChecksumAlgorithm,
          });
        }
      }
      if (!out.IsTruncated) break;
      keyMarker = out.NextKeyMarker;
      uploadIdMarker = out.NextUploadIdMarker;
    }
    return uploads.sort((a, b) => (a.initiated?.getTime() ?? 0) - (b.initiated?.getTime() ?? 0));
  }

  /** Assemble the object from these parts (each with its CRC32, as S3 requires). */
  async complete(
    ref: ObjectRef,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<CompletedUpload> {
    const out = await this.call('CompleteMultipartUpload', ref, () =>
      this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          UploadId: uploadId,
          MultipartUpload: {
            Parts: parts.map((p) => ({
              PartNumber: p.partNumber,
              ETag: p.etag,
              ChecksumCRC32: p.checksumCrc32,
            })),
          },
        }),
      ),
    );
    return { etag: out.ETag ?? '', checksumCrc32: out.ChecksumCRC32 };
  }

  /** Abort an upload and free its parts; an upload that is already gone is not an error. */
  async abort(ref: ObjectRef, uploadId: string): Promise<void> {
    await this.store.abortMultipartUpload(ref, uploadId);
  }

  /** Run one SDK call; wrap and classify its error, naming the operation and the object. */
  private async call<T>(operation: string, ref: ObjectRef, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw classifyError(error, operation, url(ref));
    }
  }
}
