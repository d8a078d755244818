import { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client } from '@chunkline/aws';
import type { ObjectRef } from '@chunkline/contracts';

/** The S3 client every contender uses: Chunkline's own (checksums only when required). */
export function benchS3(endpoint: string): S3Client {
  return createS3Client({ endpoint, region: 'us-east-1' });
}

/** Bytes per ranged GET when a contender streams its input. */
const RANGE_BYTES = 64 * 1024 * 1024;
/** Reads of one range that may fail (and resume where they stopped) before giving up. */
const RANGE_ATTEMPTS = 3;

/**
 * The object's body as a Node stream, read as consecutive 64 MiB ranged GETs of one
 * version (`If-Match`). A slow consumer of a single GetObject of a GiB can have its
 * connection reset by the storage mid-way; a range that breaks is asked for again from the
 * byte it reached, so every contender reads the same bytes once whatever the connection does.
 */
export async function getStream(s3: S3Client, ref: ObjectRef): Promise<Readable> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  const size = head.ContentLength ?? 0;
  const etag = head.ETag;
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < size; start += RANGE_BYTES) {
      const end = Math.min(size, start + RANGE_BYTES);
      let at = start;
      for (let attempt = 1; at < end; attempt += 1) {
        try {
          const out = await s3.send(
            new GetObjectCommand({
              Bucket: ref.bucket,
              Key: ref.key,
              IfMatch: etag,
              Range: `bytes=${at}-${end - 1}`,
            }),
          );
          for await (const piece of out.Body as AsyncIterable<Uint8Array>) {
            at += piece.length;
            yield piece;
          }
        } catch (error) {
          if (attempt >= RANGE_ATTEMPTS) throw error;
        }
      }
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

/** Upload a stream with lib-storage's `Upload` (multipart, 4 parts in flight); returns its size. */
export async function uploadStream(
  s3: S3Client,
  ref: ObjectRef,
  body: Readable,
  contentType: string,
): Promise<number> {
  await new Upload({
    client: s3,
    params: { Bucket: ref.bucket, Key: ref.key, Body: body, ContentType: contentType },
  }).done();
  const head = await s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  return head.ContentLength ?? 0;
}

/**
 * Copy `from` to `to` inside the storage, as the upload a contender starts from. Every
 * contender reads such a copy, written just before its timed span: Chunkline's job starts
 * from one (its S3 event), and a store that has just written a GiB stays slower for a while
 * (the storage floor after a fresh copy of its 1 GiB input: 11.1–13.7 s, against 8.2–11.5 s
 * without, six pairs in turn).
 */
export async function freshCopy(
  s3: S3Client,
  from: ObjectRef,
  to: ObjectRef,
  contentType: string,
): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: to.bucket,
      Key: to.key,
      CopySource: `${from.bucket}/${from.key}`,
      ContentType: contentType,
    }),
  );
}
