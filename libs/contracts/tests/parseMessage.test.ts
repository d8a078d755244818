import { describe, expect, it } from 'vitest';
import {
  parseChunkMessage,
  MAX_MESSAGE_BYTES,
  MessageError,
  chunkMessageSchema,
  mergeMessageSchema,
  parseJsonBody,
  parseWithSchema,
} from '../src/index.ts';
import type { QueueName } from './helpers/factories.ts';
import { JOB_ID, chunkMessage, mergeMessage, parseBody, thrownBy } from './helpers/factories.ts';

const queues: readonly QueueName[] = ['ingest', 'chunk', 'merge'];

/** A JSON body of exactly `bytes` UTF-8 bytes: a string literal padded with `x`. */
function jsonBodyOf(bytes: number): string {
  return JSON.stringify('x'.repeat(bytes - 2));
}

/** Each queue's message, otherwise valid, at version 2. */
const versionTwo: Readonly<Record<QueueName, Record<string, unknown>>> = {
  ingest: { v: 2, type: 'submit', source: { bucket: 'incoming-data', key: 'a.csv' } },
  chunk: chunkMessage({ v: 2 }),
  merge: mergeMessage({ v: 2 }),
};

describe('Function: parseJsonBody (every queue)', () => {
  const cases = queues.flatMap((queue) => [
    {
      queue,
      problem: 'a missing body',
      body: undefined,
      code: 'Invalid',
      message: `${queue} message has an empty body`,
    },
    {
      queue,
      problem: 'an empty body',
      body: '',
      code: 'Invalid',
      message: `${queue} message has an empty body`,
    },
    {
      queue,
      problem: 'a body that is not JSON',
      body: 'hello, world',
      code: 'NotJson',
      message: `${queue} message is not JSON: hello, world`,
    },
    {
      queue,
      problem: 'truncated JSON',
      body: '{"v":1,"type":',
      code: 'NotJson',
      message: `${queue} message is not JSON: {"v":1,"type":`,
    },
    {
      queue,
      problem: 'a body one byte over the limit',
      body: jsonBodyOf(MAX_MESSAGE_BYTES + 1),
      code: 'TooLarge',
      message: `${queue} message is ${MAX_MESSAGE_BYTES + 1} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
    },
  ]);

  it.each(cases)(
    'refuses $problem on the $queue queue as $code',
    ({ queue, body, code, message }) => {
      // Act
      const error = thrownBy(() => parseBody[queue](body));

      // Assess
      expect(error).toBeInstanceOf(MessageError);
      expect(error).toMatchObject({ name: 'MessageError', code, message });
    },
  );

  it('counts the limit in UTF-8 bytes, not characters', () => {
    // Prepare: three-byte characters, fewer than the limit but more bytes than it.
    const characters = Math.ceil(MAX_MESSAGE_BYTES / 3);
    const body = JSON.stringify('€'.repeat(characters));
    const bytes = 3 * characters + 2;

    // Act
    const error = thrownBy(() => parseJsonBody(body, 'chunk'));

    // Assess
    expect(body.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(error).toMatchObject({
      code: 'TooLarge',
      message: `chunk message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
    });
  });

  it('accepts a body of exactly the limit', () => {
    // Prepare
    const body = jsonBodyOf(MAX_MESSAGE_BYTES);

    // Act
    const value = parseJsonBody(body, 'chunk');

    // Assess
    expect(value).toBe('x'.repeat(MAX_MESSAGE_BYTES - 2));
  });

  it('shows only the first 80 characters of a body that is not JSON', () => {
    // Prepare
    const body = `<${'a'.repeat(200)}>`;

    // Act
    const error = thrownBy(() => parseJsonBody(body, 'merge'));

    // Assess
    expect(error).toMatchObject({ message: `merge message is not JSON: <${'a'.repeat(79)}` });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('Function: parseWithSchema (every queue)', () => {
  it.each(queues)('refuses version 2 on the %s queue as UnknownVersion', (queue) => {
    // Act
    const error = thrownBy(() => parseBody[queue](JSON.stringify(versionTwo[queue])));

    // Assess
    expect(error).toBeInstanceOf(MessageError);
    expect(error).toMatchObject({
      code: 'UnknownVersion',
      message: `${queue} message has version 2; this service reads version 1`,
    });
  });

  it.each([
    {
      queue: 'chunk',
      value: mergeMessage(),
      message:
        'chunk message is invalid: type: Invalid input: expected "chunk"; chunk: Invalid input: expected object, received undefined; chunkCount: Invalid input: expected number, received undefined',
    },
    {
      queue: 'merge',
      value: chunkMessage(),
      message:
        'merge message is invalid: type: Invalid input: expected "merge"; (root): Unrecognized keys: "chunk", "chunkCount"',
    },
  ] as const)(
    'refuses a message of the wrong schema on the $queue queue as Invalid',
    ({ queue, value, message }) => {
      // Act
      const error = thrownBy(() => parseBody[queue](JSON.stringify(value)));

      // Assess
      expect(error).toMatchObject({ code: 'Invalid', message });
    },
  );

  it('tells a version given as a string apart from version 1', () => {
    // Act
    const error = thrownBy(() =>
      parseWithSchema(mergeMessageSchema, mergeMessage({ v: '1' }), 'merge'),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'UnknownVersion',
      message: 'merge message has version "1"; this service reads version 1',
    });
  });
});

describe('Function: parseWithSchema (chunkMessageSchema)', () => {
  it('returns a valid chunk message unchanged', () => {
    // Prepare
    const value = chunkMessage();

    // Act
    const message = parseWithSchema(chunkMessageSchema, value, 'chunk');

    // Assess
    expect(message).toEqual(value);
  });

  it.each([
    {
      problem: 'an unknown top-level key',
      value: chunkMessage({ priority: 'high' }),
      detail: '(root): Unrecognized key: "priority"',
    },
    {
      problem: 'an unknown key inside the chunk',
      value: chunkMessage({ chunk: { index: 0, start: 0, end: 10, length: 10 } }),
      detail: 'chunk: Unrecognized key: "length"',
    },
    {
      problem: 'a negative start offset',
      value: chunkMessage({ chunk: { index: 0, start: -1, end: 10 } }),
      detail: 'chunk.start: Too small: expected number to be >=0',
    },
    {
      problem: 'a negative end offset',
      value: chunkMessage({ chunk: { index: 0, start: 0, end: -5 } }),
      detail: 'chunk.end: Too small: expected number to be >=0',
    },
    {
      problem: 'a fractional offset',
      value: chunkMessage({ chunk: { index: 0, start: 1.5, end: 10 } }),
      detail: 'chunk.start: Invalid input: expected int, received number',
    },
    {
      problem: 'a chunk index of 10,000',
      value: chunkMessage({ chunk: { index: 10_000, start: 0, end: 10 } }),
      detail: 'chunk.index: Too big: expected number to be <=9999',
    },
    {
      problem: 'a chunk count of 0',
      value: chunkMessage({ chunkCount: 0 }),
      detail: 'chunkCount: Too small: expected number to be >=1',
    },
    {
      problem: 'an uppercase job id',
      value: chunkMessage({ jobId: JOB_ID.toUpperCase() }),
      detail: 'jobId: a job id is 32 lowercase hex characters',
    },
    {
      problem: 'a job id one character short',
      value: chunkMessage({ jobId: JOB_ID.slice(1) }),
      detail: 'jobId: a job id is 32 lowercase hex characters',
    },
    {
      problem: 'a job id with a path in it',
      value: chunkMessage({ jobId: `../${JOB_ID}` }),
      detail: 'jobId: a job id is 32 lowercase hex characters',
    },
    {
      problem: 'a manifest with an empty key',
      value: chunkMessage({ manifest: { bucket: 'chunkline-staging', key: '' } }),
      detail: 'manifest.key: Too small: expected string to have >=1 characters',
    },
    {
      problem: 'a missing version',
      value: { ...chunkMessage(), v: undefined },
      detail: 'v: Invalid input: expected 1',
    },
  ])('refuses $problem, naming the field', ({ value, detail }) => {
    // Prepare: a key set to undefined is absent, as it would be after JSON.
    const body = JSON.parse(JSON.stringify(value)) as unknown;

    // Act
    const error = thrownBy(() => parseWithSchema(chunkMessageSchema, body, 'chunk'));

    // Assess
    expect(error).toBeInstanceOf(MessageError);
    expect(error).toMatchObject({
      code: 'Invalid',
      message: `chunk message is invalid: ${detail}`,
    });
  });

  it('reports every problem of a message at once, separated by semicolons', () => {
    // Prepare
    const value = chunkMessage({ jobId: 'nope', chunk: { index: -1, start: -1, end: 0 } });

    // Act
    const error = thrownBy(() => parseWithSchema(chunkMessageSchema, value, 'chunk'));

    // Assess
    expect(error).toMatchObject({
      message:
        'chunk message is invalid: jobId: a job id is 32 lowercase hex characters; chunk.index: Too small: expected number to be >=0; chunk.start: Too small: expected number to be >=0',
    });
  });
});

describe('Function: parseWithSchema (mergeMessageSchema)', () => {
  it('returns a valid merge message unchanged', () => {
    // Prepare
    const value = mergeMessage();

    // Act
    const message = parseWithSchema(mergeMessageSchema, value, 'merge');

    // Assess
    expect(message).toEqual(value);
  });

  it.each([
    {
      problem: 'an unknown key',
      value: mergeMessage({ force: true }),
      detail: '(root): Unrecognized key: "force"',
    },
    {
      problem: 'an unknown key in the manifest reference',
      value: mergeMessage({ manifest: { bucket: 'chunkline-staging', key: 'm', etag: 'x' } }),
      detail: 'manifest: Unrecognized key: "etag"',
    },
    {
      problem: 'a bad job id',
      value: mergeMessage({ jobId: 'job-1' }),
      detail: 'jobId: a job id is 32 lowercase hex characters',
    },
    {
      problem: 'a bucket name over 63 characters',
      value: mergeMessage({ manifest: { bucket: 'b'.repeat(64), key: 'm' } }),
      detail: 'manifest.bucket: Too big: expected string to have <=63 characters',
    },
    {
      problem: 'an array instead of an object',
      value: [mergeMessage()],
      detail: '(root): Invalid input: expected object, received array',
    },
  ])('refuses $problem, naming the field', ({ value, detail }) => {
    // Act
    const error = thrownBy(() => parseWithSchema(mergeMessageSchema, value, 'merge'));

    // Assess
    expect(error).toMatchObject({
      code: 'Invalid',
      message: `merge message is invalid: ${detail}`,
    });
  });
});

describe('Function: parseChunkMessage', () => {
  const valid = {
    v: 1,
    type: 'chunk',
    jobId: 'a'.repeat(32),
    manifest: { bucket: 'stage', key: 'm.json' },
    chunk: { index: 1, start: 10, end: 20 },
    chunkCount: 2,
  };

  it('accepts a consistent chunk message', () => {
    expect(parseChunkMessage(JSON.stringify(valid)).chunk).toEqual({
      index: 1,
      start: 10,
      end: 20,
    });
  });

  it.each([
    {
      name: 'a range that ends before it starts',
      chunk: { index: 1, start: 20, end: 10 },
      chunkCount: 2,
    },
    {
      name: 'an index past the chunk count',
      chunk: { index: 2, start: 10, end: 20 },
      chunkCount: 2,
    },
  ])('refuses $name', ({ chunk, chunkCount }) => {
    expect(() => parseChunkMessage(JSON.stringify({ ...valid, chunk, chunkCount }))).toThrow(
      /chunk message is invalid: chunk \d+ of 2 covers/,
    );
  });
});
