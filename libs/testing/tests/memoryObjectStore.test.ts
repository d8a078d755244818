import { StoreError, StoreErrorCode } from '@chunkline/contracts';
import type { CompletedPart, ObjectRef } from '@chunkline/contracts';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../src/index.ts';

const ref: ObjectRef = { bucket: 'b', key: 'dir/object.txt' };
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
const bytesOf = (value: string): Uint8Array => new TextEncoder().encode(value);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** A store with 4-byte minimum parts and an open upload to `ref`. */
async function withUpload() {
  const store = new MemoryObjectStore({ minPartSize: 4, maxPartSize: 16 });
  const uploadId = await store.createMultipartUpload(ref, 'text/plain');
  return { store, uploadId };
}

describe('Class: MemoryObjectStore', () => {
  describe('objects', () => {
    it('creates with putIfAbsent once, then answers exists and keeps the first body', async () => {
      // Prepare
      const store = new MemoryObjectStore();

      // Act
      const first = await store.putIfAbsent(ref, 'first');
      const second = await store.putIfAbsent(ref, 'second');

      // Assess
      expect([first, second]).toEqual(['created', 'exists']);
      expect(text(store.bytes(ref))).toBe('first');
      expect(store.bytesWritten).toBe(5);
    });

    it('overwrites with put and reports size and an MD5 ETag in head', async () => {
      // Prepare
      const store = new MemoryObjectStore();
      await store.put(ref, 'one');

      // Act
      await store.put(ref, 'hello', 'text/plain');
      const head = await store.head(ref);

      // Assess
      expect(head).toMatchObject({ size: 5, etag: '"5d41402abc4b2a76b9719d911017c592"' });
      expect(store.object(ref)?.contentType).toBe('text/plain');
      expect(await store.head({ bucket: 'b', key: 'missing' })).toBeUndefined();
    });

    it.each([
      { name: 'the quoted ETag', ifMatch: '"5d41402abc4b2a76b9719d911017c592"' },
      { name: 'the bare ETag', ifMatch: '5d41402abc4b2a76b9719d911017c592' },
      { name: 'a wildcard', ifMatch: '*' },
    ])('reads with If-Match of $name', async ({ ifMatch }) => {
      // Prepare
      const store = new MemoryObjectStore();
      store.seed(ref, 'hello');

      // Act
      const bytes = await store.getBytes(ref, { ifMatch });

      // Assess
      expect(text(bytes)).toBe('hello');
    });

    it.each(['head', 'getBytes', 'getStream'] as const)(
      'fails %s with PreconditionFailed when the ETag changed',
      async (operation) => {
        // Prepare
        const store = new MemoryObjectStore();
        store.seed(ref, 'hello');

        // Act
        const error = await rejection(store[operation](ref, { ifMatch: '"stale"' }));

        // Assess
        expect(error.code).toBe(StoreErrorCode.preconditionFailed);
        expect(error.message).toContain('not "stale"');
      },
    );

    it.each([
      { range: { start: 1, end: 4 }, expected: 'ell' },
      { range: { start: 3, end: 99 }, expected: 'lo' },
    ])(
      'reads range [$range.start, $range.end), clamping the end like S3',
      async ({ range, expected }) => {
        // Prepare
        const store = new MemoryObjectStore();
        store.seed(ref, 'hello');

        // Act
        const bytes = await store.getBytes(ref, { range });

        // Assess
        expect(text(bytes)).toBe(expected);
        expect(store.bytesRead).toBe(expected.length);
      },
    );

    it.each([
      { start: 5, end: 6 },
      { start: 2, end: 2 },
      { start: -1, end: 2 },
    ])('rejects the unsatisfiable range [$start, $end)', async (range) => {
      // Prepare
      const store = new MemoryObjectStore();
      store.seed(ref, 'hello');

      // Act
      const error = await rejection(store.getBytes(ref, { range }));

      // Assess
      expect(error.code).toBe(StoreErrorCode.rejected);
      expect(error.message).toMatch(/InvalidRange.*of size 5/);
    });

    it('fails reads of a missing object with NotFound', async () => {
      // Prepare
      const store = new MemoryObjectStore();

      // Act
      const error = await rejection(store.getBytes(ref));

      // Assess
      expect(error.code).toBe(StoreErrorCode.notFound);
    });

    it('streams a range in chunks', async () => {
      // Prepare
      const store = new MemoryObjectStore({ streamChunkSize: 3 });
      store.seed(ref, 'abcdefghij');

      // Act
      const chunks = await collect(await store.getStream(ref, { range: { start: 1, end: 9 } }));

      // Assess
      expect(chunks.map(text)).toEqual(['bcd', 'efg', 'hi']);
    });

    it('lists keys and S3-style common prefixes, and deletes many keys', async () => {
      // Prepare
      const store = new MemoryObjectStore();
      for (const key of ['j/1/a', 'j/1/b', 'j/2/a', 'j/top', 'other'])
        store.seed({ bucket: 'b', key }, key);

      // Act
      const listed = await collect(store.list('b', 'j/'));
      const prefixes = await collect(store.listPrefixes('b', 'j/'));
      await store.deleteMany('b', ['j/1/a', 'j/top', 'never']);

      // Assess
      expect(listed.map((item) => [item.key, item.size])).toEqual([
        ['j/1/a', 5],
        ['j/1/b', 5],
        ['j/2/a', 5],
        ['j/top', 5],
      ]);
      expect(prefixes).toEqual(['j/1/', 'j/2/']);
      expect(store.keys('b')).toEqual(['j/1/b', 'j/2/a', 'other']);
    });
  });

  describe('multipart uploads', () => {
    it('assembles parts in order with an S3-style multipart ETag and the upload content type', async () => {
      // Prepare
      const { store, uploadId } = await withUpload();
      const source = { bucket: 'b', key: 'src' };
      store.seed(source, '0123456789');
      const parts: CompletedPart[] = [
        await store.uploadPart(ref, uploadId, 1, bytesOf('abcd')),
        await store.uploadPartCopy(ref, uploadId, 2, source, { start: 2, end: 8 }),
        await store.uploadPart(ref, uploadId, 3, bytesOf('z')),
      ];

      // Act
      const outcome = await store.completeMultipartUploadIfAbsent(ref, uploadId, parts);

      // Assess
      expect(outcome).toBe('created');
      expect(text(store.bytes(ref))).toBe('abcd234567z');
      expect(store.object(ref)).toMatchObject({
        etag: expect.stringMatching(/^"[0-9a-f]{32}-3"$/),
        contentType: 'text/plain',
      });
      expect(store.openUploads()).toEqual([]);
      expect(store.bytesCopied).toBe(6);
    });

    it('rejects a part below the minimum unless it is the last', async () => {
      // Prepare
      const { store, uploadId } = await withUpload();
      const parts = [
        await store.uploadPart(ref, uploadId, 1, bytesOf('abc')),
        await store.uploadPart(ref, uploadId, 2, bytesOf('defg')),
      ];

      // Act
      const error = await rejection(store.completeMultipartUploadIfAbsent(ref, uploadId, parts));

      // Assess
      expect(error.code).toBe(StoreErrorCode.rejected);
      expect(error.message).toMatch(/EntityTooSmall: part 1 has 3 bytes, below the minimum 4/);
      expect(store.object(ref)).toBeUndefined();
    });

    it.each([
      { name: 'no parts', make: () => [], message: /MalformedXML/ },
      {
        name: 'parts out of order',
        make: (parts: CompletedPart[]) => [parts[1], parts[0]],
        message: /InvalidPartOrder/,
      },
      {
        name: 'a wrong ETag',
        make: (parts: CompletedPart[]) => [{ partNumber: 1, etag: '"nope"' }, parts[1]],
        message: /InvalidPart: part 1/,
      },
      {
        name: 'a part never uploaded',
        make: (parts: CompletedPart[]) => [...parts, { partNumber: 9, etag: '"x"' }],
        message: /InvalidPart: part 9/,
      },
    ])('rejects completion with $name', async ({ make, message }) => {
      // Prepare
      const { store, uploadId } = await withUpload();
      const parts = [
        await store.uploadPart(ref, uploadId, 1, bytesOf('abcd')),
        await store.uploadPart(ref, uploadId, 2, bytesOf('efgh')),
      ];

      // Act
      const error = await rejection(
        store.completeMultipartUploadIfAbsent(ref, uploadId, make(parts) as CompletedPart[]),
      );

      // Assess
      expect(error.code).toBe(StoreErrorCode.rejected);
      expect(error.message).toMatch(message);
    });

    it.each([
      {
        name: 'a part number of 0',
        partNumber: 0,
        size: 4,
        message: /part number 0 is outside 1..10000/,
      },
      { name: 'a part over the maximum', partNumber: 1, size: 17, message: /EntityTooLarge/ },
    ])('rejects an upload of $name', async ({ partNumber, size, message }) => {
      // Prepare
      const { store, uploadId } = await withUpload();

      // Act
      const error = await rejection(
        store.uploadPart(ref, uploadId, partNumber, new Uint8Array(size)),
      );

      // Assess
      expect(error.code).toBe(StoreErrorCode.rejected);
      expect(error.message).toMatch(message);
    });

    it.each([
      {
        name: 'a missing source',
        key: 'missing',
        range: { start: 0, end: 4 },
        code: StoreErrorCode.notFound,
      },
      {
        name: 'a range past the end',
        key: 'src',
        range: { start: 4, end: 11 },
        code: StoreErrorCode.rejected,
      },
    ])('rejects a copy from $name', async ({ key, range, code }) => {
      // Prepare
      const { store, uploadId } = await withUpload();
      store.seed({ bucket: 'b', key: 'src' }, '0123456789');

      // Act
      const error = await rejection(
        store.uploadPartCopy(ref, uploadId, 1, { bucket: 'b', key }, range),
      );

      // Assess
      expect(error.code).toBe(code);
    });

    it('answers exists when the key was taken, leaving the upload open for the caller to abort', async () => {
      // Prepare
      const { store, uploadId } = await withUpload();
      const parts = [await store.uploadPart(ref, uploadId, 1, bytesOf('abcd'))];
      store.seed(ref, 'winner');

      // Act
      const outcome = await store.completeMultipartUploadIfAbsent(ref, uploadId, parts);

      // Assess
      expect(outcome).toBe('exists');
      expect(text(store.bytes(ref))).toBe('winner');
      expect(await collect(store.listMultipartUploads('b', 'dir/'))).toEqual([
        expect.objectContaining({ key: ref.key, uploadId }),
      ]);
    });

    it('forgets an aborted upload: later calls on it fail with NotFound', async () => {
      // Prepare
      const { store, uploadId } = await withUpload();

      // Act
      await store.abortMultipartUpload(ref, uploadId);
      const errors = await Promise.all([
        rejection(store.uploadPart(ref, uploadId, 1, bytesOf('abcd'))),
        rejection(store.abortMultipartUpload(ref, uploadId)),
        rejection(
          store.completeMultipartUploadIfAbsent(ref, uploadId, [{ partNumber: 1, etag: 'x' }]),
        ),
      ]);

      // Assess
      expect(errors.map((error) => error.code)).toEqual([
        StoreErrorCode.notFound,
        StoreErrorCode.notFound,
        StoreErrorCode.notFound,
      ]);
      expect(store.openUploads()).toEqual([]);
    });
  });

  describe('instrumentation', () => {
    it('counts and logs calls by operation, and resets the counters', async () => {
      // Prepare
      const store = new MemoryObjectStore();
      store.seed(ref, 'x');

      // Act
      await store.head(ref);
      await store.head(ref);
      await store.getBytes(ref);
      const before = { ...store.calls };
      store.resetCounters();

      // Assess
      expect(before).toMatchObject({ head: 2, getBytes: 1, put: 0 });
      expect(store.totalCalls()).toBe(0);
      expect(store.log).toEqual([]);
    });

    it('fails chosen calls with failOn, a given number of times', async () => {
      // Prepare
      const store = new MemoryObjectStore();
      store.seed(ref, 'x');
      store.failOn('getBytes', { times: 2, when: (call) => call.ref?.key === ref.key });

      // Act
      const results = await Promise.allSettled([
        store.getBytes(ref),
        store.getBytes(ref),
        store.getBytes(ref),
      ]);

      // Assess
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
      expect(results[0]).toMatchObject({
        reason: { code: StoreErrorCode.transient, retryable: true },
      });
    });

    it('stops intercepting once the interceptor is removed, and tracks calls in flight', async () => {
      // Prepare
      const store = new MemoryObjectStore();
      store.seed(ref, 'x');
      const remove = store.intercept(() => new Promise((resolve) => setTimeout(resolve, 2)));

      // Act
      await Promise.all([store.head(ref), store.head(ref), store.head(ref)]);
      remove();
      await store.head(ref);

      // Assess
      expect(store.maxInFlight).toBe(3);
      expect(store.inFlight).toBe(0);
      expect(store.calls.head).toBe(4);
    });
  });
});
