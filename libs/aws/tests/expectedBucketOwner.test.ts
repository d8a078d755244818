import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../src/index.ts';

/** An S3 client that records each command's name and input and answers with `{}`. */
function recordingClient(): {
  client: S3Client;
  sent: { name: string; input: Record<string, unknown> }[];
} {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return command.constructor.name === 'CreateMultipartUploadCommand' ? { UploadId: 'u' } : {};
    },
  } as unknown as S3Client;
  return { client, sent };
}

const ref = { bucket: 'b', key: 'k' };

/** One call of every store operation. */
async function callEverything(store: S3ObjectStore): Promise<void> {
  await store.head(ref);
  await store.getBytes(ref, { range: { start: 0, end: 10 } });
  await store.getStream(ref);
  await store.put(ref, 'x');
  await store.putIfAbsent(ref, 'x');
  for await (const _ of store.list('b', 'p/'));
  for await (const _ of store.listPrefixes('b', 'p/'));
  await store.deleteMany('b', ['k']);
  await store.createMultipartUpload(ref);
  await store.uploadPart(ref, 'u', 1, new Uint8Array(1));
  await store.uploadPartCopy(ref, 'u', 2, { bucket: 's', key: 'src' }, { start: 0, end: 5 });
  await store.completeMultipartUploadIfAbsent(ref, 'u', [{ partNumber: 1, etag: 'e' }]);
  await store.abortMultipartUpload(ref, 'u');
  for await (const _ of store.listMultipartUploads('b', 'p/'));
  await store.probeBucket('b');
}

describe('Class: S3ObjectStore', () => {
  it('sends ExpectedBucketOwner on every S3 request when configured', async () => {
    // Prepare
    const { client, sent } = recordingClient();

    // Act
    await callEverything(new S3ObjectStore(client, { expectedBucketOwner: '111122223333' }));

    // Assess
    expect(sent.length).toBe(15);
    expect(sent.filter((c) => c.input['ExpectedBucketOwner'] !== '111122223333')).toEqual([]);
    expect(sent.find((c) => c.name === 'UploadPartCopyCommand')?.input).toMatchObject({
      ExpectedSourceBucketOwner: '111122223333',
    });
  });

  it('sends no ExpectedBucketOwner when none is configured', async () => {
    // Prepare
    const { client, sent } = recordingClient();

    // Act
    await callEverything(new S3ObjectStore(client));

    // Assess
    expect(sent.filter((c) => 'ExpectedBucketOwner' in c.input)).toEqual([]);
  });
});
