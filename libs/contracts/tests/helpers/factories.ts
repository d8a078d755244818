import type { ChunkResult, JobManifest, JobStatus } from '../../src/index.ts';
import {
  chunkMessageSchema,
  mergeMessageSchema,
  parseIngestMessage,
  parseJsonBody,
  parseWithSchema,
} from '../../src/index.ts';

/** A job id as the planner makes them: 32 lowercase hex characters. */
export const JOB_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** The queues whose bodies Chunkline reads. */
export type QueueName = 'ingest' | 'chunk' | 'merge';

/** Each queue's body parser, composed exactly as its service composes it. */
export const parseBody: Readonly<Record<QueueName, (body: string | undefined) => unknown>> = {
  ingest: (body) => parseIngestMessage(body),
  chunk: (body) => parseWithSchema(chunkMessageSchema, parseJsonBody(body, 'chunk'), 'chunk'),
  merge: (body) => parseWithSchema(mergeMessageSchema, parseJsonBody(body, 'merge'), 'merge'),
};

/** The error `action` throws; fails the test when it returns instead. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

interface S3RecordOptions {
  readonly eventName?: string;
  readonly bucket?: string;
  readonly key: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly versionId?: string;
}

/** One record of an S3 event notification (event version 2.1), as S3 delivers it to SQS. */
export function s3Record(options: S3RecordOptions): Record<string, unknown> {
  const bucket = options.bucket ?? 'incoming-data';
  const object: Record<string, unknown> = { key: options.key, sequencer: '0055AED6DCD90281E5' };
  if (options.size !== undefined) object['size'] = options.size;
  if (options.eTag !== undefined) object['eTag'] = options.eTag;
  if (options.versionId !== undefined) object['versionId'] = options.versionId;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventTime: '2024-05-01T12:00:00.000Z',
    eventName: options.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAJDPLRKLG7UEXAMPLE' },
    requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'chunkline-ingest',
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object,
    },
  };
}

/** The JSON body of an S3 event notification carrying these records. */
export function s3EventBody(...records: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Records: records });
}

/** The body S3 sends once when a bucket notification is configured. */
export const TEST_EVENT_BODY = JSON.stringify({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2024-05-01T12:00:00.000Z',
  Bucket: 'incoming-data',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
});

/** A valid chunk message, with fields replaced by `overrides`. */
export function chunkMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 1,
    type: 'chunk',
    jobId: JOB_ID,
    manifest: { bucket: 'chunkline-staging', key: `chunkline/jobs/${JOB_ID}/manifest.json` },
    chunk: { index: 3, start: 201_326_592, end: 268_435_456 },
    chunkCount: 16,
    ...overrides,
  };
}

/** A valid merge message, with fields replaced by `overrides`. */
export function mergeMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 1,
    type: 'merge',
    jobId: JOB_ID,
    manifest: { bucket: 'chunkline-staging', key: `chunkline/jobs/${JOB_ID}/manifest.json` },
    ...overrides,
  };
}

/** A complete job manifest for a CSV source. */
export function jobManifest(): JobManifest {
  return {
    v: 2,
    jobId: JOB_ID,
    createdAt: '2024-05-01T12:00:01.000Z',
    configDigest: 'sha256:9f86d081884c7d659a2feaa0c55ad015',
    input: { bucket: 'incoming-data', key: 'exports/may report.csv', prefix: false },
    sources: [
      {
        bucket: 'incoming-data',
        key: 'exports/may report.csv',
        etag: '"d41d8cd98f00b204e9800998ecf8427e-4"',
        versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
        size: 1_073_741_824,
        format: {
          kind: 'csv',
          delimiter: ',',
          columns: ['id', 'email', 'amount'],
          headerBytes: 16,
        },
        firstChunk: 0,
        plan: {
          kind: 'ranges',
          dataStart: 16,
          dataEnd: 1_073_741_824,
          chunkSize: 67_108_864,
          chunkCount: 16,
        },
      },
    ],
    records: {
      format: 'csv',
      columns: [
        { name: 'id', type: 'string' },
        { name: 'email', type: 'string' },
        { name: 'amount', type: 'string' },
      ],
      delimiter: ',',
    },
    chunkCount: 16,
    transform: {
      mapping: { version: 1, fields: { email: { op: 'tokenize' } } },
      tokenizeKeyId: 'k1',
    },
    onBadRecord: 'fail',
    output: {
      bucket: 'processed-data',
      key: 'output/exports/may report.csv',
      format: 'csv',
      compression: 'none',
      columns: [
        { name: 'id', type: 'string' },
        { name: 'email', type: 'string' },
        { name: 'amount', type: 'string' },
      ],
      contentType: 'text/csv',
    },
    staging: { bucket: 'chunkline-staging', prefix: 'chunkline/' },
    manifest: { bucket: 'chunkline-staging', key: `chunkline/jobs/${JOB_ID}/manifest.json` },
  };
}

/** A done marker body for a CSV chunk that skipped two bad records. */
export function chunkResult(): ChunkResult {
  return {
    v: 1,
    index: 3,
    part: { key: `chunkline/jobs/${JOB_ID}/parts/00003/1a2b3c4d`, size: 66_000_000 },
    rejects: { key: `chunkline/jobs/${JOB_ID}/rejects/00003/1a2b3c4d.jsonl`, count: 2 },
    bytesIn: 67_108_864,
    rowsIn: 700_000,
    rowsOut: 699_998,
    quote: { startState: 'outside', how: 'inferred', parity: 0 },
    startedAt: '2024-05-01T12:00:02.000Z',
    finishedAt: '2024-05-01T12:00:09.500Z',
  };
}

/** A failed job's status, with one final chunk failure. */
export function jobStatus(): JobStatus {
  return {
    v: 1,
    jobId: JOB_ID,
    state: 'failed',
    source: {
      bucket: 'incoming-data',
      key: 'exports/may report.csv',
      etag: '"d41d8cd98f00b204e9800998ecf8427e-4"',
      size: 1_073_741_824,
    },
    output: { bucket: 'processed-data', key: 'output/exports/may report.csv' },
    chunks: { total: 16, done: 15, failed: 1 },
    bytes: { in: 1_006_632_960, out: 990_000_000 },
    rows: { in: 10_500_000, out: 10_499_970, rejected: 0 },
    timings: {
      createdAt: '2024-05-01T12:00:01.000Z',
      finishedAt: '2024-05-01T12:03:00.000Z',
      elapsedMs: 179_000,
    },
    errors: [
      {
        v: 1,
        index: 7,
        code: 'BadRecord',
        message: 'unterminated quoted field',
        offset: 469_762_100,
        line: 4_900_123,
        attempts: 5,
        final: true,
        at: '2024-05-01T12:02:59.000Z',
      },
    ],
    reason: 'chunk 7 failed after 5 attempts',
  };
}
