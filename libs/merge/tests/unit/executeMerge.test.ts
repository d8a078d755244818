import fc from 'fast-check';
import { StoreError, StoreErrorCode } from '@chunkline/contracts';
import { describe, expect, it } from 'vitest';
import {
  MergeErrorCode,
  executeMerge,
  planMerge,
  resolveExecuteMergeOptions,
} from '../../src/index.ts';
import type { ExecuteMergeOptions, MergePlan } from '../../src/index.ts';
import { MemoryObjectStore } from '@chunkline/testing';
import type { StoreOperation } from '@chunkline/testing';
import {
  DESTINATION,
  SOURCE_BUCKET,
  layoutArbitrary,
  lit,
  obj,
  partKey,
  seedPieces,
} from '../helpers/factories.ts';
import type { PieceSpec } from '../helpers/factories.ts';
import { delay, failure } from '../helpers/outcomes.ts';

const MIN = 10;
const limits = { minPartSize: MIN, maxPartSize: 25 } as const;

/** A store with scaled-down part limits, holding the part objects of `specs`, and their plan. */
function prepare(specs: readonly PieceSpec[]) {
  const store = new MemoryObjectStore(limits);
  const { pieces, expected } = seedPieces(store, specs);
  const plan = planMerge(pieces, limits);
  return { store, plan, expected };
}

async function uploadsListed(store: MemoryObjectStore): Promise<number> {
  let count = 0;
  for await (const _ of store.listMultipartUploads(DESTINATION.bucket, '')) count += 1;
  return count;
}

describe('Function: executeMerge', () => {
  it('writes exactly the concatenation of the pieces, for random layouts', async () => {
    await fc.assert(
      fc.asyncProperty(
        layoutArbitrary(),
        fc.integer({ min: 1, max: 5 }),
        async ({ limits: scaled, specs }, concurrency) => {
          // Prepare
          const store = new MemoryObjectStore(scaled);
          const { pieces, expected } = seedPieces(store, specs);
          const plan = planMerge(pieces, scaled);

          // Act
          const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, {
            concurrency,
          });

          // Assess
          expect(result.outcome).toBe('created');
          expect(result.bytes).toBe(expected.length);
          expect(store.bytes(DESTINATION)).toEqual(expected);
          expect(store.openUploads()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each<{
    name: string;
    specs: PieceSpec[];
    counts: Partial<Record<StoreOperation, number>>;
    parts: number;
  }>([
    {
      name: 'a header and three big parts: one assembled part, three server-side copies',
      specs: [lit(3), obj(20), obj(20), obj(20)],
      counts: {
        head: 1,
        getBytes: 1,
        createMultipartUpload: 1,
        uploadPart: 1,
        uploadPartCopy: 3,
        completeMultipartUploadIfAbsent: 1,
      },
      parts: 4,
    },
    {
      name: 'small parts only: coalesced into two uploaded parts',
      specs: [obj(4), obj(4), obj(4), obj(4), obj(4)],
      counts: {
        head: 1,
        getBytes: 5,
        createMultipartUpload: 1,
        uploadPart: 2,
        completeMultipartUploadIfAbsent: 1,
      },
      parts: 2,
    },
    {
      name: 'a single small output: one conditional put',
      specs: [lit(2), obj(3), obj(4)],
      counts: { head: 1, getBytes: 2, putIfAbsent: 1 },
      parts: 0,
    },
    {
      name: 'an empty output: one conditional put of nothing',
      specs: [obj(0)],
      counts: { head: 1, putIfAbsent: 1 },
      parts: 0,
    },
  ])('costs the expected calls for $name', async ({ specs, counts, parts }) => {
    // Prepare
    const { store, plan, expected } = prepare(specs);

    // Act
    const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

    // Assess
    expect(result).toMatchObject({ outcome: 'created', parts, bytes: expected.length });
    expect(store.bytes(DESTINATION)).toEqual(expected);
    const nonZero = Object.fromEntries(
      Object.entries(store.calls).filter(([, count]) => count > 0),
    );
    expect(nonZero).toEqual(counts);
  });

  it('copies big parts server-side without reading them', async () => {
    // Prepare
    const { store, plan } = prepare([lit(3), obj(20), obj(20), obj(20)]);

    // Act
    await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

    // Assess
    expect(store.bytesRead).toBe(7);
    expect(store.bytesWritten).toBe(10);
    expect(store.bytesCopied).toBe(53);
  });

  it('returns the upload id and gives the output the content type', async () => {
    // Prepare
    const { store, plan } = prepare([obj(20)]);

    // Act
    const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, {
      contentType: 'text/csv',
    });

    // Assess
    expect(result.uploadId).toMatch(/^upload-/);
    expect(store.object(DESTINATION)?.contentType).toBe('text/csv');
  });

  describe('when the destination already exists', () => {
    it('returns exists after one HEAD, reading and writing nothing', async () => {
      // Prepare
      const { store, plan } = prepare([lit(3), obj(20), obj(20)]);
      store.seed(DESTINATION, 'earlier output');

      // Act
      const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

      // Assess
      expect(result).toEqual({ outcome: 'exists', parts: 3, bytes: 43 });
      expect(store.totalCalls()).toBe(1);
      expect(new TextDecoder().decode(store.bytes(DESTINATION))).toBe('earlier output');
    });

    it.each([
      { name: 'a multipart merge', specs: [lit(3), obj(20), obj(20)] },
      { name: 'a single put', specs: [obj(3)] },
    ])('leaves it untouched in $name without the HEAD check', async ({ specs }) => {
      // Prepare
      const { store, plan } = prepare(specs);
      store.seed(DESTINATION, 'earlier output');

      // Act
      const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, {
        checkExisting: false,
      });

      // Assess
      expect(result.outcome).toBe('exists');
      expect(new TextDecoder().decode(store.bytes(DESTINATION))).toBe('earlier output');
      expect(store.openUploads()).toEqual([]);
      expect(store.calls.head).toBe(0);
    });

    it('aborts its own upload when another merger completes first', async () => {
      // Prepare
      const { store, plan } = prepare([lit(3), obj(20), obj(20)]);
      store.intercept((call) => {
        if (call.operation === 'completeMultipartUploadIfAbsent') store.seed(DESTINATION, 'winner');
      });

      // Act
      const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

      // Assess
      expect(result).toMatchObject({ outcome: 'exists', parts: 3 });
      expect(store.calls.abortMultipartUpload).toBe(1);
      expect(store.openUploads()).toEqual([]);
      expect(new TextDecoder().decode(store.bytes(DESTINATION))).toBe('winner');
    });

    it('ignores an abort error after losing the race (the upload may already be gone)', async () => {
      // Prepare
      const { store, plan } = prepare([obj(20)]);
      store.intercept((call) => {
        if (call.operation === 'completeMultipartUploadIfAbsent') store.seed(DESTINATION, 'winner');
      });
      store.failOn('abortMultipartUpload');

      // Act
      const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

      // Assess
      expect(result.outcome).toBe('exists');
    });
  });

  describe('when a call fails', () => {
    it.each<{
      name: string;
      operation: StoreOperation;
      target: number | undefined;
      partNumber: number | undefined;
    }>([
      { name: 'an uploaded part', operation: 'uploadPart', target: 1, partNumber: 1 },
      { name: 'a copied part', operation: 'uploadPartCopy', target: 3, partNumber: 3 },
      { name: 'a read of a slice', operation: 'getBytes', target: undefined, partNumber: 1 },
      {
        name: 'the completion',
        operation: 'completeMultipartUploadIfAbsent',
        target: undefined,
        partNumber: undefined,
      },
    ])('aborts the upload and writes nothing when $name fails', async (row) => {
      // Prepare
      const { operation, target, partNumber } = row;
      const { store, plan } = prepare([lit(3), obj(20), obj(20), obj(20)]);
      store.failOn(operation, {
        when: (call) => target === undefined || call.partNumber === target,
      });

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error.code).toBe(MergeErrorCode.mergeFailed);
      expect(error.cause).toBeInstanceOf(StoreError);
      expect(error.retryable).toBe(true);
      expect(error.partNumber).toBe(partNumber);
      expect(error.uploadId).toBe('upload-1');
      expect(error.message).toContain(
        `merge into s3://${DESTINATION.bucket}/${DESTINATION.key} failed`,
      );
      expect(error.message).toContain('upload upload-1 was aborted');
      expect(store.calls.abortMultipartUpload).toBe(1);
      expect(store.object(DESTINATION)).toBeUndefined();
      expect(store.openUploads()).toEqual([]);
      expect(await uploadsListed(store)).toBe(0);
    });

    it('aborts on an error that is not a StoreError, and says it is not retryable', async () => {
      // Prepare
      const { store, plan } = prepare([obj(4), obj(4), obj(4), obj(4), obj(4)]);
      store.failOn('uploadPart', {
        error: new TypeError('boom'),
        when: (call) => call.partNumber === 2,
      });

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error).toMatchObject({
        code: MergeErrorCode.mergeFailed,
        partNumber: 2,
        retryable: false,
      });
      expect(error.message).toContain('at part 2 of 2: TypeError: boom');
      expect(store.openUploads()).toEqual([]);
      expect(store.object(DESTINATION)).toBeUndefined();
    });

    it('starts no new part after a failure and lets the running ones settle before aborting', async () => {
      // Prepare
      const specs = Array.from({ length: 12 }, () => obj(12));
      const { store, plan } = prepare(specs);
      let abortedWhileRunning = false;
      store.intercept(async (call) => {
        if (call.operation === 'abortMultipartUpload') {
          abortedWhileRunning = store.inFlight > 1;
          return;
        }
        if (call.operation !== 'uploadPartCopy') return;
        await delay(call.partNumber === 1 ? 0 : 5);
        if (call.partNumber === 1) throw new StoreError(StoreErrorCode.accessDenied, 'denied');
      });

      // Act
      const error = await failure(
        executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, { concurrency: 3 }),
      );

      // Assess
      expect(error.partNumber).toBe(1);
      expect(store.calls.uploadPartCopy).toBe(3);
      expect(abortedWhileRunning).toBe(false);
      expect(store.openUploads()).toEqual([]);
    });

    it('attaches the abort error when aborting fails too', async () => {
      // Prepare
      const { store, plan } = prepare([obj(20), obj(20)]);
      store.failOn('uploadPartCopy');
      const abortError = new StoreError(StoreErrorCode.accessDenied, 'no s3:AbortMultipartUpload');
      store.failOn('abortMultipartUpload', { error: abortError });

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error.abortError).toBe(abortError);
      expect(error.message).toMatch(
        /aborting upload upload-1 failed too .*no s3:AbortMultipartUpload/,
      );
      expect(store.openUploads()).toHaveLength(1);
    });

    it('does not abort when the upload could not be created', async () => {
      // Prepare
      const { store, plan } = prepare([obj(20)]);
      store.failOn('createMultipartUpload');

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error).toMatchObject({ code: MergeErrorCode.mergeFailed, uploadId: undefined });
      expect(store.calls.abortMultipartUpload).toBe(0);
    });

    it('writes nothing when a read for a single put fails', async () => {
      // Prepare
      const { store, plan } = prepare([obj(3), obj(3)]);
      store.failOn('getBytes', { error: new StoreError(StoreErrorCode.notFound, 'NoSuchKey') });

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error).toMatchObject({ code: MergeErrorCode.mergeFailed, retryable: false });
      expect(store.calls.putIfAbsent).toBe(0);
      expect(store.object(DESTINATION)).toBeUndefined();
    });

    it('fails with ShortRead when a part object is shorter than planned', async () => {
      // Prepare
      const store = new MemoryObjectStore(limits);
      store.seed({ bucket: SOURCE_BUCKET, key: partKey(0) }, 'abcde');
      store.seed({ bucket: SOURCE_BUCKET, key: partKey(1) }, 'x'.repeat(20));
      const plan = planMerge(
        [
          { kind: 'object', key: partKey(0), size: 8 },
          { kind: 'object', key: partKey(1), size: 20 },
        ],
        limits,
      );

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error.code).toBe(MergeErrorCode.shortRead);
      expect(error.message).toMatch(/read 5 bytes of .*00000\.csv range \[0, 8\) but expected 8/);
      expect(store.openUploads()).toEqual([]);
      expect(store.object(DESTINATION)).toBeUndefined();
    });
  });

  describe('concurrency', () => {
    it.each([1, 2, 4])(
      'works on at most %i parts at once, so at most that many assembled parts are in memory',
      async (concurrency) => {
        // Prepare
        const specs = Array.from({ length: 24 }, () => obj(5));
        const { store, plan, expected } = prepare(specs);
        store.intercept(() => delay(1));

        // Act
        await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, { concurrency });

        // Assess
        expect(store.calls.uploadPart).toBe(12);
        expect(store.maxInFlight).toBe(concurrency);
        expect(store.bytes(DESTINATION)).toEqual(expected);
      },
    );

    it('defaults to 4 parts at once', async () => {
      // Prepare
      const specs = Array.from({ length: 10 }, () => obj(10));
      const { store, plan } = prepare(specs);
      store.intercept(() => delay(1));

      // Act
      await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

      // Assess
      expect(store.maxInFlight).toBe(4);
    });
  });

  describe('cancellation', () => {
    it('does nothing when the signal has already fired', async () => {
      // Prepare
      const { store, plan } = prepare([obj(20)]);

      // Act
      const error = await failure(
        executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, { signal: AbortSignal.abort() }),
      );

      // Assess
      expect(error.code).toBe(MergeErrorCode.aborted);
      expect(store.totalCalls()).toBe(0);
    });

    it('stops starting parts and aborts the upload when the signal fires midway', async () => {
      // Prepare
      const specs = Array.from({ length: 8 }, () => obj(10));
      const { store, plan } = prepare(specs);
      const controller = new AbortController();
      store.intercept((call) => {
        if (call.operation === 'uploadPartCopy' && call.partNumber === 2)
          controller.abort('shutdown');
      });

      // Act
      const error = await failure(
        executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, {
          concurrency: 1,
          signal: controller.signal,
        }),
      );

      // Assess
      expect(error.code).toBe(MergeErrorCode.aborted);
      expect(error.message).toContain('aborted by its caller (shutdown)');
      expect(store.calls.uploadPartCopy).toBe(2);
      expect(store.calls.completeMultipartUploadIfAbsent).toBe(0);
      expect(store.openUploads()).toEqual([]);
      expect(store.object(DESTINATION)).toBeUndefined();
    });
  });

  describe('validation', () => {
    const copy = (partNumber: number, start: number, end: number) => ({
      partNumber,
      source: { kind: 'copy' as const, key: 'k', range: { start, end } },
    });

    it.each<{ name: string; plan: MergePlan; message: RegExp }>([
      { name: 'no parts', plan: { kind: 'multipart', parts: [] }, message: /at least one part/ },
      {
        name: 'a gap in part numbers',
        plan: { kind: 'multipart', parts: [copy(1, 0, 10), copy(3, 10, 20)] },
        message: /part 2 is numbered 3/,
      },
      {
        name: 'an empty copy range',
        plan: { kind: 'multipart', parts: [copy(1, 5, 5)] },
        message: /part 1 slice 0 \(k\) has range \[5, 5\)/,
      },
      {
        name: 'an assembled part without slices',
        plan: {
          kind: 'multipart',
          parts: [{ partNumber: 1, source: { kind: 'assemble', slices: [] } }],
        },
        message: /part 1 assembles no slices/,
      },
      {
        name: 'a negative range in a single put',
        plan: {
          kind: 'single',
          slices: [{ kind: 'object', key: 'k', range: { start: -1, end: 3 } }],
        },
        message: /single slice 0 \(k\) has range \[-1, 3\)/,
      },
    ])('rejects a plan with $name before any call', async ({ plan, message }) => {
      // Prepare
      const store = new MemoryObjectStore(limits);

      // Act
      const error = await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET));

      // Assess
      expect(error.code).toBe(MergeErrorCode.invalidPlan);
      expect(error.message).toMatch(message);
      expect(store.totalCalls()).toBe(0);
    });

    it.each<{ options: Record<string, unknown>; message: RegExp }>([
      { options: { concurrency: 0 }, message: /concurrency must be a whole number ≥ 1, got 0/ },
      { options: { concurrency: 2.5 }, message: /got 2.5/ },
      { options: { concurency: 2 }, message: /unknown merge option 'concurency'/ },
    ])('rejects options $options', async ({ options, message }) => {
      // Prepare
      const { store, plan } = prepare([obj(3)]);

      // Act
      const error = await failure(
        executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, options as ExecuteMergeOptions),
      );

      // Assess
      expect(error.code).toBe(MergeErrorCode.invalidOptions);
      expect(error.message).toMatch(message);
      expect(store.totalCalls()).toBe(0);
    });

    it('resolves defaults', () => {
      // Act
      const resolved = resolveExecuteMergeOptions();

      // Assess
      expect(resolved).toEqual({
        concurrency: 4,
        contentType: undefined,
        signal: undefined,
        checkExisting: true,
        record: undefined,
        recordWaitMs: 60_000,
      });
    });
  });
});
