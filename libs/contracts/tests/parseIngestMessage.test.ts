import { describe, expect, it } from 'vitest';
import { MessageError, decodeEventKey, parseIngestMessage } from '../src/index.ts';
import { TEST_EVENT_BODY, s3EventBody, s3Record, thrownBy } from './helpers/factories.ts';

describe('Function: parseIngestMessage', () => {
  it('reads every ObjectCreated record of an S3 event, with its bucket, key, ETag, version and size', () => {
    // Prepare
    const body = s3EventBody(
      s3Record({
        key: 'exports/2024/may.csv',
        size: 1_048_576,
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
        versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
      }),
      s3Record({
        eventName: 'ObjectCreated:CompleteMultipartUpload',
        bucket: 'other-bucket',
        key: 'big/events.jsonl',
        size: 6_442_450_944,
        eTag: '9b2cf535f27731c974343645a3985328-768',
      }),
    );

    // Act
    const message = parseIngestMessage(body);

    // Assess
    expect(message).toEqual({
      kind: 'objects',
      objects: [
        {
          bucket: 'incoming-data',
          key: 'exports/2024/may.csv',
          etag: 'd41d8cd98f00b204e9800998ecf8427e',
          versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
          size: 1_048_576,
        },
        {
          bucket: 'other-bucket',
          key: 'big/events.jsonl',
          etag: '9b2cf535f27731c974343645a3985328-768',
          versionId: undefined,
          size: 6_442_450_944,
        },
      ],
    });
  });

  it.each([
    { encoded: 'exports/May+report.csv', key: 'exports/May report.csv' },
    { encoded: 'exports/May%20report.csv', key: 'exports/May report.csv' },
    { encoded: 'exports/a%2Bb.csv', key: 'exports/a+b.csv' },
    { encoded: 'exports/a%2Bb+c%20d.csv', key: 'exports/a+b c d.csv' },
    { encoded: 'r%C3%A9sum%C3%A9%28v2%29.csv', key: 'résumé(v2).csv' },
    { encoded: 'odd%25name.csv', key: 'odd%name.csv' },
    { encoded: 'plain/key.jsonl', key: 'plain/key.jsonl' },
  ])('decodes the event key $encoded to "$key"', ({ encoded, key }) => {
    // Prepare
    const body = s3EventBody(s3Record({ key: encoded }));

    // Act
    const message = parseIngestMessage(body);

    // Assess
    expect(message).toMatchObject({ kind: 'objects', objects: [{ key }] });
  });

  it('keeps only ObjectCreated records, in their order, when an event mixes kinds', () => {
    // Prepare
    const body = s3EventBody(
      s3Record({ eventName: 'ObjectRemoved:Delete', key: 'gone.csv' }),
      s3Record({ eventName: 'ObjectCreated:Put', key: 'first.csv', size: 10 }),
      s3Record({ eventName: 'ObjectRestore:Completed', key: 'restored.csv', size: 10 }),
      s3Record({ eventName: 'ObjectCreated:Copy', key: 'second.csv', size: 20 }),
      s3Record({ eventName: 'LifecycleExpiration:Delete', key: 'expired.csv' }),
      s3Record({ eventName: 'ObjectCreated:Post', key: 'third.csv', size: 30 }),
    );

    // Act
    const message = parseIngestMessage(body);

    // Assess
    expect(message.kind === 'objects' && message.objects.map((o) => o.key)).toEqual([
      'first.csv',
      'second.csv',
      'third.csv',
    ]);
  });

  it('gives no objects for an event that holds only non-ObjectCreated records', () => {
    // Prepare
    const body = s3EventBody(
      s3Record({ eventName: 'ObjectRemoved:Delete', key: 'a.csv' }),
      s3Record({ eventName: 'ObjectRemoved:DeleteMarkerCreated', key: 'b.csv' }),
    );

    // Act
    const message = parseIngestMessage(body);

    // Assess
    expect(message).toEqual({ kind: 'objects', objects: [] });
  });

  it("recognises S3's s3:TestEvent, which names no object", () => {
    // Act
    const message = parseIngestMessage(TEST_EVENT_BODY);

    // Assess
    expect(message).toEqual({ kind: 'test' });
  });

  it('reads a submit message as one object, its key taken literally (not URL-decoded)', () => {
    // Prepare
    const body = JSON.stringify({
      v: 1,
      type: 'submit',
      source: { bucket: 'incoming-data', key: 'exports/a+b%20c.csv' },
    });

    // Act
    const message = parseIngestMessage(body);

    // Assess
    expect(message).toEqual({
      kind: 'objects',
      objects: [{ bucket: 'incoming-data', key: 'exports/a+b%20c.csv' }],
    });
  });

  it.each([
    {
      name: 'a record without a bucket name',
      value: {
        Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: {}, object: { key: 'a' } } }],
      },
      message:
        'ingest S3 event is invalid: Records.0.s3.bucket.name: Invalid input: expected string, received undefined',
    },
    {
      name: 'no records',
      value: { Records: [] },
      message: 'ingest S3 event is invalid: Records: Too small: expected array to have >=1 items',
    },
    {
      name: 'a size that is not a number',
      value: {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key: 'a', size: '12' } },
          },
        ],
      },
      message:
        'ingest S3 event is invalid: Records.0.s3.object.size: Invalid input: expected number, received string',
    },
    {
      name: 'a key with a malformed escape',
      value: {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key: 'a%E0%A4%A' } },
          },
        ],
      },
      message: 'ingest S3 event has a key that is not validly URL-encoded: "a%E0%A4%A"',
    },
    {
      name: 'an object that is neither event nor submit',
      value: { hello: 'world' },
      message: 'ingest message is neither an S3 event notification nor a Chunkline submit message',
    },
    {
      name: 'a JSON array',
      value: [1, 2],
      message: 'ingest message is neither an S3 event notification nor a Chunkline submit message',
    },
    {
      name: 'JSON null',
      value: null,
      message: 'ingest message is neither an S3 event notification nor a Chunkline submit message',
    },
    {
      name: 'a JSON string',
      value: 's3:TestEvent',
      message: 'ingest message is neither an S3 event notification nor a Chunkline submit message',
    },
    {
      name: 'another S3 event type than the test event',
      value: { Service: 'Amazon S3', Event: 's3:SomethingElse' },
      message: 'ingest message is neither an S3 event notification nor a Chunkline submit message',
    },
    {
      name: 'a submit with a one-character bucket',
      value: { v: 1, type: 'submit', source: { bucket: 'b', key: 'k' } },
      message:
        'ingest message is invalid: source.bucket: Too small: expected string to have >=3 characters',
    },
    {
      name: 'a submit with an unknown key',
      value: { v: 1, type: 'submit', source: { bucket: 'bkt', key: 'k' }, priority: 1 },
      message: 'ingest message is invalid: (root): Unrecognized key: "priority"',
    },
  ])('refuses $name as Invalid', ({ value, message }) => {
    // Act
    const error = thrownBy(() => parseIngestMessage(JSON.stringify(value)));

    // Assess
    expect(error).toBeInstanceOf(MessageError);
    expect(error).toMatchObject({ name: 'MessageError', code: 'Invalid', message });
  });
});

describe('Function: decodeEventKey', () => {
  it('turns + into a space before decoding, so an encoded plus stays a plus', () => {
    // Act
    const key = decodeEventKey('a+%2B+b');

    // Assess
    expect(key).toBe('a + b');
  });
});
