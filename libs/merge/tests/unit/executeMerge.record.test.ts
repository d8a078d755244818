import fc from 'fast-check';
import type { ObjectRef } from '@chunkline/contracts';
import { describe, expect, it } from 'vitest';
import { MergeErrorCode, executeMerge, planMerge, readUploadRecord } from '../../src/index.ts';
import type { ExecuteMergeOptions, MergePlan } from '../../src/index.ts';
import { MemoryObjectStore } from '@chunkline/testing';
import {
  DESTINATION,
  SOURCE_BUCKET,
  layoutArbitrary,
  lit,
  obj,
  seedPieces,
} from '../helpers/factories.ts';
import type { PieceSpec } from '../helpers/factories.ts';
import { delay, failure } from '../helpers/outcomes.ts';

const limits = { minPartSize: 10, maxPartSize: 25 } as const;
const RECORD: ObjectRef = { bucket: SOURCE_BUCKET, key: 'jobs/job-1/merge-upload.json' };
const SPECS = [lit(3), obj(20), obj(4), obj(30), obj(12)];

function prepare(specs: readonly PieceSpec[] = SPECS) {
  const store = new MemoryObjectStore(limits);
  const { pieces, sources, expected } = seedPieces(store, specs);
  const plan = planMerge(pieces, limits);
  return { store, plan, sources, expected };
}

const withRecord = (more: ExecuteMergeOptions = {}): ExecuteMergeOptions => ({
  record: RECORD,
  recordWaitMs: 0,
  ...more,
});

/** A merge that records its upload and releases the sources, then dies before completing. */
async function recordThenDie(store: MemoryObjectStore, plan: MergePlan): Promise<void> {
  store.failOn('completeMultipartUploadIfAbsent');
  await failure(executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord()));
}

describe('Function: executeMerge with an upload record', () => {
  it('writes the concatenation, records the upload and releases every source, for random layouts', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArbitrary(), async ({ limits: scaled, specs }) => {
        // Prepare
        const store = new MemoryObjectStore(scaled);
        const { pieces, sources, expected } = seedPieces(store, specs);
        const plan = planMerge(pieces, scaled);

        // Act
        const result = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord());

        // Assess
        expect(result.outcome).toBe('created');
        expect(store.bytes(DESTINATION)).toEqual(expected);
        expect(store.openUploads()).toEqual([]);
        const record = await readUploadRecord(store, RECORD);
        if (plan.kind === 'single') {
          // One PutObject: nothing to record, and the sources are the caller's to clean.
          expect(record).toBeUndefined();
          expect(store.keys(SOURCE_BUCKET)).toEqual([...sources.keys()].sort());
        } else {
          expect(record).toMatchObject({
            uploadId: result.uploadId,
            bytes: expected.length,
            parts: plan.parts.map((p) => ({ partNumber: p.partNumber })),
          });
          // Released: every object the plan reads; an empty or wholly skipped one it never reads.
          const read = new Set(
            plan.parts.flatMap(({ source }) =>
              source.kind === 'copy'
                ? [source.key]
                : source.slices.flatMap((s) => (s.kind === 'object' ? [s.key] : [])),
            ),
          );
          const kept = [...sources.keys()].filter((key) => !read.has(key));
          expect(store.keys(SOURCE_BUCKET)).toEqual([...kept, RECORD.key].sort());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('writes the record before releasing the sources, and releases them before completing', async () => {
    // Prepare
    const { store, plan } = prepare();

    // Act
    await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord());

    // Assess
    const order = store.log
      .map((call) => call.operation)
      .filter((op) =>
        ['putIfAbsent', 'deleteMany', 'completeMultipartUploadIfAbsent'].includes(op),
      );
    expect(order).toEqual(['putIfAbsent', 'deleteMany', 'completeMultipartUploadIfAbsent']);
    expect(store.calls.uploadPartCopy).toBeGreaterThan(0);
  });

  it('keeps the recorded upload when its completion fails, and the next merge completes it without the sources', async () => {
    // Prepare
    const { store, plan, expected } = prepare();
    store.failOn('completeMultipartUploadIfAbsent');

    // Act
    const error = await failure(
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord()),
    );

    // Assess: the upload holds the only copy of the parts now, so it is not aborted.
    expect(error.code).toBe(MergeErrorCode.mergeFailed);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('the upload is kept for the next attempt');
    expect(store.calls.abortMultipartUpload).toBe(0);
    expect(store.openUploads()).toHaveLength(1);
    expect(store.keys(SOURCE_BUCKET)).toEqual([RECORD.key]);

    // Act
    const again = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord());

    // Assess
    expect(again).toMatchObject({ outcome: 'created', bytes: expected.length });
    expect(store.bytes(DESTINATION)).toEqual(expected);
    expect(store.openUploads()).toEqual([]);
    expect(store.calls.createMultipartUpload).toBe(1);
  });

  it('makes one output of two merges at once: the one that records first completes, the other aborts its own upload and waits', async () => {
    // Prepare
    const { store, plan, expected } = prepare();
    const options = withRecord({ concurrency: 1, recordWaitMs: 5_000 });

    // Act
    const results = await Promise.all([
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, options),
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, options),
    ]);

    // Assess
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'exists']);
    expect(store.bytes(DESTINATION)).toEqual(expected);
    expect(store.calls.createMultipartUpload).toBe(2);
    expect(store.calls.completeMultipartUploadIfAbsent).toBe(1);
    expect(store.openUploads()).toEqual([]);
  });

  it('finishes the recorded upload of a merge that released the parts while this one still copied them', async () => {
    // Prepare: the first merge's copies are slow.
    const { store, plan, expected } = prepare();
    store.intercept(async (call) => {
      if (call.operation === 'uploadPartCopy' && call.args[1] === 'upload-1') await delay(30);
    });
    const slow = executeMerge(
      store,
      plan,
      DESTINATION,
      SOURCE_BUCKET,
      withRecord({ concurrency: 1, recordWaitMs: 5_000 }),
    );
    while (store.openUploads().length === 0) await delay(1);

    // Act
    const fast = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord());

    // Assess: the slow one's next copy finds its source gone, and it finds the record.
    expect(fast.outcome).toBe('created');
    expect((await slow).outcome).toBe('exists');
    expect(store.calls.completeMultipartUploadIfAbsent).toBe(1);
    expect(store.bytes(DESTINATION)).toEqual(expected);
    expect(store.openUploads()).toEqual([]);
  });

  it('waits for the merge that recorded the upload rather than completing it a second time', async () => {
    // Prepare: the first merge is slow to complete.
    const { store, plan, expected } = prepare();
    store.intercept(async (call) => {
      if (call.operation === 'completeMultipartUploadIfAbsent') await delay(600);
    });
    const first = executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord());
    while ((await readUploadRecord(store, RECORD)) === undefined) await delay(5);

    // Act
    const second = await executeMerge(
      store,
      plan,
      DESTINATION,
      SOURCE_BUCKET,
      withRecord({ recordWaitMs: 5_000 }),
    );

    // Assess
    expect(second.outcome).toBe('exists');
    expect((await first).outcome).toBe('created');
    expect(store.calls.completeMultipartUploadIfAbsent).toBe(1);
    expect(store.calls.createMultipartUpload).toBe(1);
    expect(store.bytes(DESTINATION)).toEqual(expected);
  });

  it('completes the recorded upload itself once the wait passes without an output', async () => {
    // Prepare
    const { store, plan, expected } = prepare();
    await recordThenDie(store, plan);
    store.resetCounters();
    const started = Date.now();

    // Act
    const result = await executeMerge(
      store,
      plan,
      DESTINATION,
      SOURCE_BUCKET,
      withRecord({ recordWaitMs: 300 }),
    );

    // Assess
    expect(result.outcome).toBe('created');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(store.calls.head).toBeGreaterThan(1);
    expect(store.bytes(DESTINATION)).toEqual(expected);
  });

  it('says to submit the job again when the recorded upload is gone and there is no output', async () => {
    // Prepare
    const { store, plan } = prepare();
    await recordThenDie(store, plan);
    const [open] = store.openUploads();
    if (open === undefined) throw new Error('test: the recorded upload should be open');
    await store.abortMultipartUpload(DESTINATION, open.uploadId);

    // Act
    const error = await failure(
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord()),
    );

    // Assess
    expect(error.code).toBe(MergeErrorCode.mergeFailed);
    expect(error.uploadId).toBe(open.uploadId);
    expect(error.message).toMatch(
      /no longer exists .* parts were already released; submit the job again/,
    );
    expect(store.object(DESTINATION)).toBeUndefined();
  });

  it('leaves its upload open and the sources in place when writing the record fails', async () => {
    // Prepare
    const { store, plan, expected } = prepare();
    store.failOn('putIfAbsent', { when: (call) => call.ref?.key === RECORD.key });

    // Act
    const error = await failure(
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord()),
    );

    // Assess: the write may have landed, naming this upload, so it stays open.
    expect(error.message).toContain('upload upload-1 is recorded and kept for the next attempt');
    expect(store.openUploads().map((u) => u.uploadId)).toEqual(['upload-1']);
    expect(store.calls.deleteMany).toBe(0);

    // Act: no record landed, so the next merge starts over.
    const again = await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord());

    // Assess: the first upload is left for the caller's sweep of uploads on the output key.
    expect(again.outcome).toBe('created');
    expect(store.bytes(DESTINATION)).toEqual(expected);
    expect(store.openUploads().map((u) => u.uploadId)).toEqual(['upload-1']);
  });

  it.each([
    { name: 'not JSON', body: '{', why: 'not JSON' },
    { name: 'without an upload id', body: '{"bytes":1,"parts":[]}', why: 'no uploadId' },
    {
      name: 'with parts out of order',
      body: '{"uploadId":"u","bytes":9,"parts":[{"partNumber":2,"etag":"e"}]}',
      why: 'part 1 is not',
    },
  ])('refuses a record $name, saying what to delete', async ({ body, why }) => {
    // Prepare
    const { store, plan } = prepare();
    store.seed(RECORD, body);

    // Act
    const error = await failure(
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord()),
    );

    // Assess
    expect(error.code).toBe(MergeErrorCode.invalidRecord);
    expect(error.message).toContain(`s3://${RECORD.bucket}/${RECORD.key}`);
    expect(error.message).toContain(why);
    expect(error.message).toContain('delete it');
    expect(store.calls.createMultipartUpload).toBe(0);
  });

  it('keeps every source without a record', async () => {
    // Prepare
    const { store, plan, sources } = prepare();

    // Act
    await executeMerge(store, plan, DESTINATION, SOURCE_BUCKET);

    // Assess
    expect(store.keys(SOURCE_BUCKET)).toEqual([...sources.keys()].sort());
    expect(store.calls.deleteMany).toBe(0);
  });

  it('rejects a negative recordWaitMs', async () => {
    // Prepare
    const { store, plan } = prepare();

    // Act
    const error = await failure(
      executeMerge(store, plan, DESTINATION, SOURCE_BUCKET, withRecord({ recordWaitMs: -1 })),
    );

    // Assess
    expect(error.code).toBe(MergeErrorCode.invalidOptions);
    expect(error.message).toMatch(
      /recordWaitMs must be a whole number of milliseconds ≥ 0, got -1/,
    );
  });
});
