import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListPartsCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client } from '@chunkline/aws';
import {
  mergeMessageSchema,
  parseJsonBody,
  parseWithSchema,
  silentLogger,
} from '@chunkline/contracts';
import type { JobStatus, ObjectRef } from '@chunkline/contracts';
import { ManifestCache, findJobsForSource, mergeJob, readJobStatus } from '@chunkline/jobs';
import { jobLayout } from '@chunkline/planning';
import type { ServiceProcess } from '@chunkline/local-run';
import { generateCsv } from '@chunkline/sample-data';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createHarness, readObject, waitForJob } from '../support/harness.ts';
import type { Harness } from '../support/harness.ts';
import {
  NOTHING_LEFT,
  eventually,
  queueDepth,
  readLog,
  receiveMessages,
  release,
  settledLeftovers,
  sqsClient,
} from '../support/inspect.ts';
import type { LogLine } from '../support/inspect.ts';
import { referenceTransform } from '../support/referenceTransform.ts';
import { TEST_MAPPING } from '../support/mappings.ts';

const MiB = 1024 * 1024;
const TOKENIZE_KEY = 'crash-test-key-0123456789';
/** Records pass unchanged: parts keep the size of their chunks (copy-sized, multipart-sized). */
const IDENTITY = { version: 1 };
/** Real work per record, and a filter. */
const MAPPING = TEST_MAPPING;
/** Short enough that a crashed holder's message reappears within seconds. */
const SHORT_VISIBILITY = { CHUNKLINE_VISIBILITY_TIMEOUT: '6', CHUNKLINE_HEARTBEAT_INTERVAL: '2' };
const execFileAsync = promisify(execFile);
const unused = (): Promise<never> => Promise.reject(new Error('not used by a merge (test)'));

describe('Exactly once under crashes and duplicates', () => {
  it('makes one job, one output and one run per chunk of an S3 event delivered three times plus a manual submit', async () => {
    // Prepare
    const harness = await createHarness({
      CHUNKLINE_CHUNK_SIZE: '1MiB',
      CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '1MiB',
      CHUNKLINE_MAPPING: JSON.stringify(MAPPING),
      CHUNKLINE_TOKENIZE_KEY: TOKENIZE_KEY,
    });
    try {
      const { source, input } = await uploadCsv(harness, 'in/orders 2026.csv', 12, 21);
      const { jobId } = await plannedJob(harness, source);

      // Act: two more copies of the upload's event, and a submit, while the job runs.
      const event = await s3EventBody(harness, source);
      const sqs = sqsClient(harness);
      await sendBodies(sqs, harness.resources.queues.ingest.url, [event, event]);
      const submitted = await submitWithCli(harness, source);

      // Assess
      const status = await expectExactlyOnce(harness, source, input, MAPPING);
      expect(status.jobId).toBe(jobId);
      expect(submitted).toBe(jobId);
      expect(
        await findJobsForSource(harness.store, harness.staging, source.bucket, source.key),
      ).toEqual([jobId]);
      const dispatcher = serviceLogs(harness, 'dispatcher');
      const handled = [
        ...dispatcher.filter((l) => l.event === 'job.dispatched' && l.jobId === jobId),
        ...dispatcher.filter((l) => l.event === 'ingest.skipped' && l['key'] === source.key),
      ];
      expect(handled).toHaveLength(4);
      expect(dispatcher.filter((l) => l.event === 'job.planned')).toHaveLength(1);
      const starts = countPerChunk(serviceLogs(harness, 'processor'), 'chunk.started', jobId);
      expect(starts.size).toBe(status.chunks.total);
      expect([...starts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await harness.close();
    }
  });

  it('writes one part per chunk and one output when every chunk message is delivered twice', async () => {
    // Prepare: no processor and no merger yet, so the chunk messages wait in their queue.
    const harness = await createHarness(
      {
        CHUNKLINE_CHUNK_SIZE: '1MiB',
        CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '1MiB',
        CHUNKLINE_MAPPING: JSON.stringify(MAPPING),
        CHUNKLINE_TOKENIZE_KEY: TOKENIZE_KEY,
      },
      { startServices: false },
    );
    try {
      harness.startService('dispatcher');
      const { source, input } = await uploadCsv(harness, 'in/twice.csv', 16, 22);
      const { jobId, total } = await plannedJob(harness, source);
      const sqs = sqsClient(harness);
      const chunkQueue = harness.resources.queues.chunk.url;
      await eventually('every chunk message to be sent', async () =>
        (await queueDepth(sqs, chunkQueue)).visible === total ? true : undefined,
      );

      // Act: every chunk message exists twice; then two processors take them all.
      const originals = await receiveMessages(sqs, chunkQueue, total);
      await sendBodies(
        sqs,
        chunkQueue,
        originals.map((m) => m.Body ?? ''),
      );
      await release(sqs, chunkQueue, originals);
      const processors = ['processor-1', 'processor-2'].map((name) =>
        harness.startService('processor', name),
      );
      await eventually(
        'every copy of every chunk message to be handled',
        async () => {
          const depth = await queueDepth(sqs, chunkQueue);
          const status = await readJobStatus(harness.store, harness.staging, jobId);
          return depth.visible + depth.inFlight === 0 && status?.state === 'merging'
            ? true
            : undefined;
        },
        180_000,
      );
      const parts = await stagingList(harness, `chunkline/jobs/${jobId}/parts/`);
      harness.startService('merger');

      // Assess
      await expectExactlyOnce(harness, source, input, MAPPING);
      // One part per chunk, each under its run's own key: a run whose marker lost deleted its own.
      expect(parts.map((key) => key.split('/')[0])).toEqual(
        Array.from({ length: total }, (_, i) => `${String(i).padStart(5, '0')}`),
      );
      for (const key of parts) expect(key).toMatch(/^\d{5}\/[0-9a-f]{8}$/);
      const logs = serviceLogs(harness, 'processor');
      const starts = countPerChunk(logs, 'chunk.started', jobId);
      expect(starts.size).toBe(total);
      expect(Math.max(...starts.values())).toBeLessThanOrEqual(2);
      expect(logs.filter((l) => l.level === 'error')).toEqual([]);

      // Act: a third copy, after the job has ended, to a processor that never saw the job.
      const late = await deliverLate(harness, 'processor', processors, chunkQueue, originals[0]);

      // Assess: acknowledged quietly, and still nothing left behind.
      expect(late.filter((l) => l.event === 'chunk.skipped-job-ended')).toHaveLength(1);
      expect(late.filter((l) => l.level === 'error')).toEqual([]);
      expect(await settledLeftovers(harness, jobId)).toEqual(NOTHING_LEFT);
    } finally {
      await harness.close();
    }
  });

  it.each([
    {
      when: 'while reading its range',
      megabytes: 54,
      chunkSize: '1MiB',
      mapping: MAPPING,
      minChunks: 50,
      catchVictim: catchWhileReading,
    },
    {
      when: 'while uploading its part',
      megabytes: 40,
      chunkSize: '16MiB',
      mapping: IDENTITY,
      minChunks: 3,
      catchVictim: catchWhileUploading,
    },
  ])(
    'completes the job when a processor is killed with SIGKILL $when',
    async ({ megabytes, chunkSize, mapping, minChunks, catchVictim }) => {
      // Prepare
      const harness = await createHarness({
        ...SHORT_VISIBILITY,
        CHUNKLINE_CHUNK_SIZE: chunkSize,
        CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '1MiB',
        CHUNKLINE_MAPPING: JSON.stringify(mapping),
        CHUNKLINE_TOKENIZE_KEY: TOKENIZE_KEY,
      });
      try {
        const { source, input } = await uploadCsv(
          harness,
          'in/killed-processor.csv',
          megabytes,
          23,
        );
        const { jobId, total } = await plannedJob(harness, source);
        expect(total).toBeGreaterThanOrEqual(minChunks);

        // Act: freeze a processor mid-chunk, kill it, start a replacement.
        const caught = await catchVictim(harness, jobId);
        await caught.victim.kill();
        for (const other of harness.pipeline?.processors ?? []) other.resume();
        harness.startService('processor', 'processor-3');

        // Assess
        await expectExactlyOnce(harness, source, input, mapping);
        const survivors = serviceLogs(harness, 'processor', caught.victim.name);
        expect(
          survivors.some(
            (l) =>
              l.event === 'chunk.started' &&
              l.jobId === jobId &&
              l['chunk'] === caught.chunk &&
              Number(l['attempt']) >= 2,
          ),
        ).toBe(true);
      } finally {
        await harness.close();
      }
    },
  );

  it('completes the merge and aborts the abandoned upload when the merger is killed after some UploadPartCopy calls', async () => {
    // Prepare: the merger starts only once every chunk is done.
    const harness = await harnessBeforeMerge(SHORT_VISIBILITY);
    try {
      const { source, input } = await uploadCsv(harness, 'in/killed-merger.csv', 60, 24);
      const { jobId, total } = await plannedJob(harness, source);
      expect(total).toBeGreaterThanOrEqual(6);
      const output = await mergeRequested(harness, jobId);

      // Act: freeze the merger once its upload holds a copied part, kill it, start another.
      const merger = harness.startService('merger', 'merger-1');
      const abandoned = await freezeMidCopy(harness, merger, output);
      await merger.kill();
      const replacement = harness.startService('merger', 'merger-2');

      // Assess
      const status = await expectExactlyOnce(harness, source, input, IDENTITY);
      expect(abandoned.parts).toBeGreaterThanOrEqual(1);
      expect(abandoned.parts).toBeLessThan(status.chunks.total);
      const aborted = readLog(replacement.logFile).filter(
        (l) => l.event === 'merge.aborted-abandoned-upload',
      );
      expect(aborted.map((l) => l['uploadId'])).toEqual([abandoned.uploadId]);
    } finally {
      await harness.close();
    }
  });

  it('writes exactly one output when two mergers are handed the same merge message at once', async () => {
    // Prepare: no merger until the merge message waits in its queue.
    const harness = await harnessBeforeMerge();
    try {
      const { source, input } = await uploadCsv(harness, 'in/two-mergers.csv', 40, 25);
      const { jobId } = await plannedJob(harness, source);
      await mergeRequested(harness, jobId);
      const sqs = sqsClient(harness);
      const mergeQueue = harness.resources.queues.merge.url;
      const held = await receiveMessages(sqs, mergeQueue, 1);
      const mergers = ['merger-1', 'merger-2'].map((name) =>
        harness.startService('merger', name, { CHUNKLINE_CONCURRENCY: '1' }),
      );
      await eventually('both mergers to be consuming', () =>
        mergers.every((m) => readLog(m.logFile).some((l) => l.event === 'service.started'))
          ? true
          : undefined,
      );

      // Act: the merge message and a copy of it become visible together.
      await sendBodies(
        sqs,
        mergeQueue,
        held.map((m) => m.Body ?? ''),
      );
      await release(sqs, mergeQueue, held);

      // Assess
      const status = await expectExactlyOnce(harness, source, input, IDENTITY);
      for (const merger of mergers) {
        expect(readLog(merger.logFile).filter((l) => l.level === 'error')).toEqual([]);
      }
      // On AWS one CompleteMultipartUpload (If-None-Match: *) wins and the other gets 412.
      // LocalStack checks the condition before assembling the object, so two completes that
      // overlap may both succeed; the output is still the one object checked above.
      const succeeded = mergers.flatMap((m) =>
        readLog(m.logFile).filter((l) => l.event === 'job.succeeded'),
      );
      expect(succeeded.length).toBeGreaterThanOrEqual(1);

      // Act: a third copy, after the job has ended, to a merger that never saw the job.
      const late = await deliverLate(harness, 'merger', mergers, mergeQueue, held[0]);

      // Assess: acknowledged quietly, and still nothing left behind.
      expect(late.filter((l) => l.event === 'merge.skipped-job-ended')).toHaveLength(1);
      expect(late.filter((l) => l.level === 'error')).toEqual([]);
      expect(await settledLeftovers(harness, status.jobId)).toEqual(NOTHING_LEFT);
    } finally {
      await harness.close();
    }
  });

  it('lets a merger that loses the race to a second merger mid-copy end quietly', async () => {
    // Prepare: no merger until the merge message waits in its queue.
    const harness = await harnessBeforeMerge({ CHUNKLINE_CONCURRENCY: '1' });
    try {
      const { source, input } = await uploadCsv(harness, 'in/lost-race.csv', 40, 27);
      const { jobId } = await plannedJob(harness, source);
      const output = await mergeRequested(harness, jobId);
      const sqs = sqsClient(harness);
      const mergeQueue = harness.resources.queues.merge.url;
      const [message] = await receiveMessages(sqs, mergeQueue, 1);

      // Act: one merger is frozen mid-copy while a second, with a copy of its message,
      // finishes the job (aborting the first one's upload and deleting the parts).
      const slow = harness.startService('merger', 'merger-1');
      await release(sqs, mergeQueue, message ? [message] : []);
      const overtaken = await freezeMidCopy(harness, slow, output);
      await sendBodies(sqs, mergeQueue, [message?.Body ?? '']);
      const fast = harness.startService('merger', 'merger-2');
      await eventually(
        'the second merger to finish the job',
        () => readLog(fast.logFile).find((l) => l.event === 'job.succeeded'),
        120_000,
      );
      slow.resume();

      // Assess
      await expectExactlyOnce(harness, source, input, IDENTITY);
      const aborted = readLog(fast.logFile).filter(
        (l) => l.event === 'merge.aborted-abandoned-upload',
      );
      expect(aborted.map((l) => l['uploadId'])).toEqual([overtaken.uploadId]);
      // It ends one of two quiet ways: a copy fails on a part the second merger released, or,
      // when it had copied every part before it froze, its completion finds the output made.
      const ended = readLog(slow.logFile).filter(
        (l) =>
          l.event === 'merge.lost-race' ||
          (l.event === 'job.succeeded' && l['outcome'] === 'exists'),
      );
      expect(ended).toHaveLength(1);
      for (const merger of [slow, fast]) {
        expect(readLog(merger.logFile).filter((l) => l.level === 'error')).toEqual([]);
      }
    } finally {
      await harness.close();
    }
  });

  it('completes the recorded upload when its merger died after releasing the parts, before completing', async () => {
    // Prepare: no merger until the merge message waits in its queue.
    const harness = await harnessBeforeMerge(SHORT_VISIBILITY);
    try {
      const { source, input } = await uploadCsv(harness, 'in/died-completing.csv', 40, 28);
      const { jobId } = await plannedJob(harness, source);
      const output = await mergeRequested(harness, jobId);
      const sqs = sqsClient(harness);
      const mergeQueue = harness.resources.queues.merge.url;
      const held = await receiveMessages(sqs, mergeQueue, 1);
      const message = parseWithSchema(
        mergeMessageSchema,
        parseJsonBody(held[0]?.Body ?? '', 'merge'),
        'merge',
      );

      // Act: a merge whose process dies the moment it would complete the output.
      const dying = new Proxy(harness.store, {
        get(target, property) {
          if (property === 'completeMultipartUploadIfAbsent') {
            return () => Promise.reject(new Error('the merger died (test)'));
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const deps = {
        store: dying,
        log: silentLogger,
        // A merge sends nothing; a processor's deps carry the queue it announces merges on.
        mergeQueue: { send: unused, sendMany: unused },
        loadUserTransform: unused,
      };
      await expect(mergeJob(deps, message, new ManifestCache())).rejects.toThrow(
        /the merger died \(test\)/,
      );

      // Assess: the upload is recorded and holds every part; the parts themselves are gone.
      const layout = jobLayout(harness.staging.prefix, jobId);
      const staged = await stagingList(harness, layout.jobPrefix);
      expect(staged).toContain('merge-upload.json');
      expect(staged.filter((key) => key.startsWith('parts/'))).toEqual([]);
      expect(await openUploadIds(harness, output)).toHaveLength(1);
      expect(await harness.store.head(output)).toBeUndefined();

      // Act: the merge message comes back to a merger, which finds the record.
      const merger = harness.startService('merger', 'merger-1');
      await release(sqs, mergeQueue, held);

      // Assess: after one visibility timeout without an output, it completes the upload.
      await expectExactlyOnce(harness, source, input, IDENTITY);
      expect(readLog(merger.logFile).filter((l) => l.level === 'error')).toEqual([]);
      expect(readLog(merger.logFile).filter((l) => l.event === 'job.succeeded')).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });

  it('re-sends only the unrecorded chunk messages when the dispatcher crashes half-way through sending', async () => {
    // Prepare: no processors yet, so the chunk queue shows how far the dispatcher got.
    const harness = await createHarness(
      {
        CHUNKLINE_CHUNK_SIZE: '64KiB',
        CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '1MiB',
        CHUNKLINE_MAPPING: JSON.stringify(IDENTITY),
        CHUNKLINE_VISIBILITY_TIMEOUT: '5',
        CHUNKLINE_HEARTBEAT_INTERVAL: '2',
      },
      { startServices: false },
    );
    try {
      const dispatcher = harness.startService('dispatcher', 'dispatcher-1');
      harness.startService('merger');
      const { source, input } = await uploadCsv(harness, 'in/many-chunks.csv', 64, 26);
      const { jobId, total } = await plannedJob(harness, source);
      expect(total).toBeGreaterThanOrEqual(1000);
      const sqs = sqsClient(harness);
      const chunkQueue = harness.resources.queues.chunk.url;

      // Act: freeze the dispatcher part-way through sending, kill it, start another.
      const sentBefore = await freezeWhen(
        'the dispatcher to be part-way through sending',
        [dispatcher],
        async () => {
          const depth = await queueDepth(sqs, chunkQueue);
          // Some blocks recorded as sent, and at least two whole blocks still to go.
          return depth.visible >= 250 && depth.visible <= total - 200 ? depth.visible : undefined;
        },
        async () => (await queueDepth(sqs, chunkQueue)).visible <= total - 200,
        120_000,
        20,
      );
      await dispatcher.kill();
      const recordedBlocks = (await stagingList(harness, `chunkline/jobs/${jobId}/sent/`)).length;
      const redispatcher = harness.startService('dispatcher', 'dispatcher-2');
      const redispatched = await eventually(
        'the redelivered event to be dispatched again',
        () => readLog(redispatcher.logFile).find((l) => l.event === 'job.dispatched'),
        120_000,
      );
      // It logs `job.dispatched` once every missing message is sent.
      const queued = (await queueDepth(sqs, chunkQueue)).visible;
      for (const name of ['processor-1', 'processor-2'])
        harness.startService('processor', name, { CHUNKLINE_CONCURRENCY: '4' });

      // Assess
      await expectExactlyOnce(harness, source, input, IDENTITY);
      expect(sentBefore).toBeLessThanOrEqual(total - 200);
      expect(recordedBlocks).toBeGreaterThanOrEqual(1);
      expect(redispatched['created']).toBe(false);
      expect(redispatched['sent']).toBe(total - recordedBlocks * 100);
      expect(queued).toBeGreaterThanOrEqual(total);
      expect(queued).toBeLessThanOrEqual(total + 100);
    } finally {
      await harness.close();
    }
  });
});

/** Upload a generated CSV of about `megabytes` MiB; its S3 event notification starts the job. */
/** An identity job in 8 MiB chunks: dispatcher and two processors running, no merger yet. */
async function harnessBeforeMerge(env: Readonly<Record<string, string>> = {}): Promise<Harness> {
  const harness = await createHarness(
    {
      CHUNKLINE_CHUNK_SIZE: '8MiB',
      CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '1MiB',
      CHUNKLINE_MAPPING: JSON.stringify(IDENTITY),
      ...env,
    },
    { startServices: false },
  );
  harness.startService('dispatcher');
  harness.startService('processor', 'processor-1');
  harness.startService('processor', 'processor-2');
  return harness;
}

async function uploadCsv(
  harness: Harness,
  key: string,
  megabytes: number,
  seed: number,
): Promise<{ source: ObjectRef; input: Buffer }> {
  const input = Buffer.concat([...generateCsv({ seed, targetBytes: megabytes * MiB })]);
  const source = { bucket: harness.resources.buckets.source, key };
  await harness.store.put(source, input, 'text/csv');
  return { source, input };
}

/** The job of `source` and its chunk count, once the dispatcher has planned it. */
async function plannedJob(
  harness: Harness,
  source: ObjectRef,
): Promise<{ jobId: string; total: number }> {
  return eventually(
    `a job for s3://${source.bucket}/${source.key}`,
    async () => {
      const [jobId] = await findJobsForSource(
        harness.store,
        harness.staging,
        source.bucket,
        source.key,
      );
      if (jobId === undefined) return undefined;
      const status = await readJobStatus(harness.store, harness.staging, jobId);
      return status ? { jobId, total: status.chunks.total } : undefined;
    },
    120_000,
  );
}

/** Wait until every chunk is done and the chunk queue is empty; returns the output location. */
async function mergeRequested(harness: Harness, jobId: string): Promise<ObjectRef> {
  const sqs = sqsClient(harness);
  return eventually(
    'every chunk to be done and the merge message to be queued',
    async () => {
      const status = await readJobStatus(harness.store, harness.staging, jobId);
      if (status?.state !== 'merging') return undefined;
      const chunks = await queueDepth(sqs, harness.resources.queues.chunk.url);
      const merges = await queueDepth(sqs, harness.resources.queues.merge.url);
      return chunks.visible + chunks.inFlight === 0 && merges.visible >= 1
        ? status.output
        : undefined;
    },
    180_000,
    250,
  );
}

/**
 * What every scenario ends with: the output equals the single-pass reference byte for
 * byte and is the only object in the output bucket, the status tells the truth, and
 * nothing is left behind in staging, in open uploads or in any queue.
 */
async function expectExactlyOnce(
  harness: Harness,
  source: ObjectRef,
  input: Buffer,
  mapping: unknown,
): Promise<JobStatus> {
  const status = await waitForJob(harness, source);
  expect(status.state, status.reason).toBe('succeeded');
  const output = await readObject(harness, status.output);
  const reference = referenceTransform(input, 'csv', mapping, TOKENIZE_KEY);
  expect(output.length).toBe(reference.length);
  expect(output.equals(reference)).toBe(true);
  expect(await outputKeys(harness)).toEqual([status.output.key]);
  const rowsOut = recordCount(reference) - 1;
  // An identity mapping keeps every record, so rows in = rows out; spare a second parse.
  const rowsIn = mapping === IDENTITY ? rowsOut : recordCount(input) - 1;
  expect(status.chunks).toEqual({
    total: status.chunks.total,
    done: status.chunks.total,
    failed: 0,
  });
  expect(status.rows).toEqual({ in: rowsIn, out: rowsOut, rejected: 0 });
  expect(await settledLeftovers(harness, status.jobId)).toEqual(NOTHING_LEFT);
  return status;
}

function recordCount(csv: Buffer): number {
  return (parse(csv, { bom: true, skip_empty_lines: true }) as unknown[]).length;
}

async function outputKeys(harness: Harness): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of harness.store.list(harness.resources.buckets.output, ''))
    keys.push(item.key);
  return keys;
}

/** Keys under a staging prefix, relative to it. */
async function stagingList(harness: Harness, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of harness.store.list(harness.staging.bucket, prefix))
    keys.push(item.key.slice(prefix.length));
  return keys;
}

async function openUploadIds(harness: Harness, ref: ObjectRef): Promise<string[]> {
  const ids: string[] = [];
  for await (const upload of harness.store.listMultipartUploads(ref.bucket, ref.key))
    if (upload.key === ref.key) ids.push(upload.uploadId);
  return ids;
}

// ---------------------------------------------------------------------------------------
// Catching a service mid-step

/**
 * Poll `probe` until it finds the moment to catch, freeze `targets` (SIGSTOP) at once and
 * keep them frozen if `confirm` says the moment is still there; else thaw and poll on.
 */
async function freezeWhen<T>(
  what: string,
  targets: readonly ServiceProcess[],
  probe: () => Promise<T | undefined>,
  confirm: (found: T) => Promise<boolean>,
  timeoutMs = 120_000,
  everyMs = 20,
): Promise<T> {
  return eventually(
    what,
    async () => {
      const found = await probe();
      if (found === undefined) return undefined;
      for (const target of targets) target.pause();
      for (const target of targets) await settledLog(target.logFile);
      if (await confirm(found)) return found;
      for (const target of targets) target.resume();
      return undefined;
    },
    timeoutMs,
    everyMs,
  );
}

/** Wait until a frozen process's log has stopped growing (lines still in the pipe land). */
async function settledLog(logFile: string): Promise<void> {
  let size = -1;
  await eventually(
    `${logFile} to settle`,
    () => {
      const now = statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
      const settled = now === size;
      size = now;
      return settled ? true : undefined;
    },
    10_000,
    50,
  );
}

/**
 * Freeze a merger once its multipart upload of `output` holds at least one copied part
 * and the output does not exist yet; returns that upload and how many parts it had.
 */
async function freezeMidCopy(
  harness: Harness,
  merger: ServiceProcess,
  output: ObjectRef,
): Promise<{ uploadId: string; parts: number }> {
  const s3 = createS3Client({ endpoint: harness.resources.endpoint, region: 'us-east-1' });
  return freezeWhen(
    `${merger.name} to have copied a part`,
    [merger],
    async () => {
      for (const uploadId of await openUploadIds(harness, output)) {
        const listed = await s3.send(
          new ListPartsCommand({ Bucket: output.bucket, Key: output.key, UploadId: uploadId }),
        );
        const parts = listed.Parts?.length ?? 0;
        if (parts >= 1) return { uploadId, parts };
      }
      return undefined;
    },
    async ({ uploadId }) =>
      (await harness.store.head(output)) === undefined &&
      (await openUploadIds(harness, output)).includes(uploadId),
    180_000,
    10,
  );
}

/** Chunks of the job that a process has logged as started more often than as processed. */
function unfinishedChunks(logFile: string, jobId: string): number[] {
  const lines = readLog(logFile).filter((l) => l.jobId === jobId);
  const started = countPerChunk(lines, 'chunk.started', jobId);
  const processed = countPerChunk(lines, 'chunk.processed', jobId);
  return [...started].filter(([chunk, n]) => n > (processed.get(chunk) ?? 0)).map(([c]) => c);
}

interface Caught {
  readonly victim: ServiceProcess;
  readonly chunk: number;
}

/** Freeze processor-1 between `chunk.started` and its part object (it is reading its range). */
async function catchWhileReading(harness: Harness, jobId: string): Promise<Caught> {
  const victim = harness.pipeline?.processors[0];
  if (!victim) throw new Error('the harness started no processor');
  // A run's part lies under the chunk's own prefix, with the run's suffix.
  const partsOf = (chunk: number): Promise<string[]> =>
    stagingList(harness, `chunkline/jobs/${jobId}/parts/${String(chunk).padStart(5, '0')}/`);
  const chunk = await freezeWhen(
    'processor-1 to be reading a chunk',
    [victim],
    // Past the first chunks, so the job is well under way.
    async () =>
      unfinishedChunks(victim.logFile, jobId)
        .filter((c) => c >= 8)
        .at(-1),
    async (found) =>
      unfinishedChunks(victim.logFile, jobId).includes(found) &&
      (await partsOf(found)).length === 0,
  );
  return { victim, chunk };
}

/** Freeze every processor while one streams its part as a multipart upload; it is the victim. */
async function catchWhileUploading(harness: Harness, jobId: string): Promise<Caught> {
  const processors = harness.pipeline?.processors ?? [];
  const prefix = `chunkline/jobs/${jobId}/parts/`;
  const uploading = async (): Promise<number | undefined> => {
    for await (const upload of harness.store.listMultipartUploads(harness.staging.bucket, prefix))
      return Number(upload.key.slice(prefix.length).split('/')[0]);
    return undefined;
  };
  let victim: ServiceProcess | undefined;
  const chunk = await freezeWhen(
    'a processor to be uploading its part',
    processors,
    uploading,
    async (found) => {
      victim = processors.find((p) => unfinishedChunks(p.logFile, jobId).includes(found));
      return victim !== undefined && (await uploading()) === found;
    },
  );
  if (!victim) throw new Error(`no processor holds chunk ${chunk}`);
  return { victim, chunk };
}

/**
 * Deliver a copy of `message` after its job has ended, to a fresh instance of `service`
 * (the running ones are stopped first, so no cached manifest helps). Resolves, once the
 * queue is empty again, with the log of that instance.
 */
async function deliverLate(
  harness: Harness,
  service: 'processor' | 'merger',
  running: readonly ServiceProcess[],
  queueUrl: string,
  message: Message | undefined,
): Promise<LogLine[]> {
  const sqs = sqsClient(harness);
  await Promise.all(running.map((p) => p.stop()));
  await sendBodies(sqs, queueUrl, [message?.Body ?? '']);
  const fresh = harness.startService(service, `${service}-late`);
  await eventually(
    'the late copy to leave the queue',
    async () => {
      const depth = await queueDepth(sqs, queueUrl);
      return depth.visible + depth.inFlight === 0 ? true : undefined;
    },
    60_000,
    250,
  );
  return readLog(fresh.logFile);
}

// ---------------------------------------------------------------------------------------
// Logs, events and queues

/** The JSON log lines of every process of one service (or of one instance). */
function serviceLogs(
  harness: Harness,
  service: 'dispatcher' | 'processor' | 'merger',
  except?: string,
): LogLine[] {
  return readdirSync(harness.logDir)
    .filter((file) => file.startsWith(service) && file.endsWith('.log'))
    .filter((file) => file !== `${except}.log`)
    .flatMap((file) => readLog(join(harness.logDir, file)));
}

/** How many lines of `event` each chunk of the job has. */
function countPerChunk(
  lines: readonly LogLine[],
  event: string,
  jobId: string,
): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of lines) {
    if (line.event !== event || line.jobId !== jobId) continue;
    const chunk = Number(line['chunk']);
    counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  }
  return counts;
}

/** The event notification S3 sends for an upload of `source` (keys URL-encoded, `+` for spaces). */
async function s3EventBody(harness: Harness, source: ObjectRef): Promise<string> {
  const head = await harness.store.head(source);
  if (!head) throw new Error(`s3://${source.bucket}/${source.key} does not exist`);
  const key = encodeURIComponent(source.key).replace(/%2F/g, '/').replace(/%20/g, '+');
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: source.bucket, arn: `arn:aws:s3:::${source.bucket}` },
          object: { key, size: head.size, eTag: head.etag.replace(/"/g, '') },
        },
      },
    ],
  });
}

/** `chunkline submit s3://…` as a process with the services' environment; its job id. */
async function submitWithCli(harness: Harness, source: ObjectRef): Promise<string> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['cli/bin/chunkline.js', 'submit', `s3://${source.bucket}/${source.key}`],
    {
      cwd: process.cwd(),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...harness.env },
      timeout: 90_000,
    },
  );
  return stdout.trim();
}

async function sendBodies(sqs: SQSClient, queueUrl: string, bodies: readonly string[]) {
  for (let at = 0; at < bodies.length; at += 10) {
    const entries = bodies
      .slice(at, at + 10)
      .map((MessageBody, i) => ({ Id: String(i), MessageBody }));
    const out = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    expect(out.Failed ?? []).toEqual([]);
  }
}
