import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client } from '@chunkline/aws';
import type { ObjectRef } from '@chunkline/contracts';

/** The S3 client every contender uses: Chunkline's own (checksums only when required). */
export function benchS3(endpoint: string): S3Client {
  return createS3Client({ endpoint, region: 'us-east-1' });
}

/** The object's body as a Node stream. */
export async function getStream(s3: S3Client, ref: ObjectRef): Promise<Readable> {
  const out = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  return out.Body as Readable;
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
