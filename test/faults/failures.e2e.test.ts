import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { JobStatus, ObjectRef } from '@chunkline/contracts';
import { findJobsForSource, readJobStatus } from '@chunkline/jobs';
import { generateCsv } from '@chunkline/sample-data';
import { describe, expect, it } from 'vitest';
import { createHarness, readObject } from '../support/harness.ts';
import type { Harness } from '../support/harness.ts';
import {
  NOTHING_LEFT,
  allQueueDepths,
  eventually,
  leftBehind,
  readLog,
  receiveMessages,
  settledLeftovers,
  sqsClient,
} from '../support/inspect.ts';
import type { LogLine } from '../support/inspect.ts';
import { referenceTransform } from '../support/referenceTransform.ts';
import { POISON_ID } from './fixtures/poisonRecord.ts';
import { SLOW_RECORD_EVENT } from './fixtures/slowRecord.ts';
import upperCaseName from './fixtures/upperCaseName.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const fixture = (name: string): string => join(here, 'fixtures', name);
const execFileAsync = promisify(execFile);
const KiB = 1024;
/** A mapping that only runs the CPU-bound `slowRecord` module (it changes no record). */
const SLOW_MAPPING = { version: 1, module: fixture('slowRecord.ts') };
/** The environment that runs `SLOW_MAPPING`: its module's directory is the one allowed. */
const SLOW_ENV = {
  CHUNKLINE_MAPPING: JSON.stringify(SLOW_MAPPING),
  CHUNKLINE_TRANSFORM_MODULE_DIR: join(here, 'fixtures'),
};
/** Chunks of the smallest allowed size, from the first byte: small files make many chunks. */
const SMALL_CHUNKS = { CHUNKLINE_CHUNK_SIZE: '64KiB', CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0' };

describe('Failures, policies and signals', () => {
  it('dead-letters a poison chunk, says where it failed, and completes once the module is fixed and the chunk redriven', async () => {
    // Prepare: the job's module lives at a path this test controls, and throws on one record.
    const moduleDir = mkdtempSync(join(tmpdir(), 'chunkline-poison-'));
    const modulePath = join(moduleDir, 'transform.ts');
    copyFileSync(fixture('poisonRecord.ts'), modulePath);
    const mapping = { version: 1, module: modulePath };
    const harness = await createHarness(
      {
        ...SMALL_CHUNKS,
        CHUNKLINE_MAPPING: JSON.stringify(mapping),
        CHUNKLINE_TRANSFORM_MODULE_DIR: moduleDir,
      },
      { processors: 2, maxReceiveCount: 2 },
    );
    try {
      const input = plainCsv(16_000);
      const source = { bucket: harness.resources.buckets.source, key: 'in/poison.csv' };
      const poisonOffset = input.indexOf(`\n${POISON_ID},`) + 1;

      // Act: the receives are used up and the chunk lands in the DLQ.
      await harness.store.put(source, input, 'text/csv');
      const jobId = await jobOf(harness, source);
      await eventually(
        'the poison chunk alone in the chunk DLQ',
        async () => {
          const depths = await allQueueDepths(harness);
          return depths['chunk-dlq'] === 1 && depths.chunk === 0 ? depths : undefined;
        },
        120_000,
        250,
      );
      const failed = await chunkline(harness, [
        'status',
        `s3://${source.bucket}/${source.key}`,
        '--json',
      ]);

      // Assess: the status names the chunk, the byte offset, the line and the error.
      const chunk = chunkHolding(harness, jobId, poisonOffset);
      const line = lineInChunk(
        input,
        ownedStart(input, chunk.start, recordStarts(input)),
        poisonOffset,
      );
      expect(chunk.index).toBeGreaterThan(0); // so the offset is absolute, the line per chunk
      expect(failed.code).toBe(1);
      const status = JSON.parse(failed.stdout) as JobStatus;
      expect(status).toMatchObject({ jobId, state: 'failed', chunks: { failed: 1 } });
      expect(status.errors).toEqual([
        expect.objectContaining({
          index: chunk.index,
          offset: poisonOffset,
          line,
          code: 'TransformFailed',
          attempts: 2,
          final: true,
        }),
      ]);
      expect(status.errors[0]?.message).toContain(
        `chunk ${chunk.index}, byte ${poisonOffset}, line ${line}`,
      );
      expect(status.errors[0]?.message).toContain(`record ${POISON_ID} has no valid name`);
      expect(status.reason).toContain(`chunk ${chunk.index}`);
      expect(await harness.store.head(status.output)).toBeUndefined();

      // Act: fix the cause (the processors cache the module they imported, so restart them),
      // then move the dead letter back.
      copyFileSync(fixture('upperCaseName.ts'), modulePath);
      await Promise.all((harness.pipeline?.processors ?? []).map((p) => p.stop()));
      harness.startService('processor', 'processor-fixed-1');
      harness.startService('processor', 'processor-fixed-2');
      const redrive = await chunkline(harness, ['redrive', '--queue', 'chunk']);
      const done = await statusWhen(harness, jobId, 'the redriven job to succeed', (s) =>
        s.state === 'succeeded' ? true : undefined,
      );

      // Assess
      expect(redrive).toMatchObject({ code: 0 });
      expect(redrive.stdout).toMatch(/moved 1 message/);
      expect(done).toMatchObject({ state: 'succeeded', errors: [], chunks: { failed: 0 } });
      const reference = referenceTransform(input, 'csv', mapping, undefined, upperCaseName);
      expect((await readObject(harness, done.output)).equals(reference)).toBe(true);
      expect(await settledLeftovers(harness, jobId)).toEqual(NOTHING_LEFT);
    } finally {
      await harness.close();
      rmSync(moduleDir, { recursive: true, force: true });
    }
  }, 300_000);

  it('fails the job of an object overwritten mid-job, writes no output for it, and gives the new version its own job', async () => {
    // Prepare: one processor and a module costing 2 ms per record, so the job takes a while;
    // the first version is part-way through when it is overwritten.
    const harness = await createHarness(
      {
        ...SMALL_CHUNKS,
        ...SLOW_ENV,
        FAULT_RECORD_DELAY_MS: '2',
      },
      { processors: 1 },
    );
    try {
      const original = sampleCsv(7, 1024 * KiB);
      const replacement = sampleCsv(8, 200 * KiB);
      const source = { bucket: harness.resources.buckets.source, key: 'in/overwritten.csv' };
      await harness.store.put(source, original, 'text/csv');
      const oldJob = await jobOf(harness, source);
      await eventually(
        'two chunks of the first version processed',
        () => (logged(harness, 'chunk.processed', oldJob).length >= 2 ? true : undefined),
        120_000,
        100,
      );

      // Act
      await harness.store.put(source, replacement, 'text/csv');
      const oldStatus = await statusWhen(harness, oldJob, 'the old job to fail for good', (s) =>
        s.state === 'failed' && s.timings.finishedAt !== undefined ? true : undefined,
      );
      const newJob = await jobOf(harness, source, oldJob);
      const newStatus = await statusWhen(harness, newJob, 'the new job to end', (s) =>
        s.state === 'succeeded' || s.state === 'failed' ? true : undefined,
      );

      // Assess: the old job failed clearly and left nothing under its output key …
      expect(oldStatus.reason).toMatch(/source object changed.*If-Match/);
      expect(oldStatus.errors.length).toBeGreaterThan(0);
      expect(new Set(oldStatus.errors.map((e) => e.code))).toEqual(new Set(['SourceChanged']));
      expect(oldStatus.chunks.done).toBeLessThan(oldStatus.chunks.total);
      expect(await keysUnder(harness, oldStatus.output)).toEqual([]);
      // … and the new version was processed by a job of its own.
      expect(newJob).not.toBe(oldJob);
      expect(newStatus).toMatchObject({ state: 'succeeded', source: { size: replacement.length } });
      expect(newStatus.output.key).not.toBe(oldStatus.output.key);
      const output = await readObject(harness, newStatus.output);
      expect(output.equals(referenceTransform(replacement, 'csv', SLOW_MAPPING))).toBe(true);
      expect(await settledLeftovers(harness, newJob)).toEqual(NOTHING_LEFT);
      const { uploads, queues } = await leftBehind(harness, oldJob);
      expect({ uploads, queues }).toEqual({ uploads: [], queues: {} });
    } finally {
      await harness.close();
    }
  }, 300_000);

  it('keeps a chunk that outlasts its visibility timeout several times over invisible while its processor lives', async () => {
    // Prepare: 250 records at 50 ms each (about 12 s) against a 3 s visibility timeout,
    // with a second processor ready to take the message should it reappear.
    const harness = await createHarness(
      {
        ...SLOW_ENV,
        FAULT_RECORD_DELAY_MS: '50',
        CHUNKLINE_VISIBILITY_TIMEOUT: '3',
        CHUNKLINE_HEARTBEAT_INTERVAL: '1',
      },
      { processors: 2 },
    );
    try {
      const input = plainCsv(250);
      const source = { bucket: harness.resources.buckets.source, key: 'in/slow.csv' };

      // Act
      await harness.store.put(source, input, 'text/csv');
      const jobId = await jobOf(harness, source);
      const status = await statusWhen(harness, jobId, 'the slow job to end', (s) =>
        s.state === 'succeeded' || s.state === 'failed' ? true : undefined,
      );

      // Assess: one delivery, which took more than three visibility timeouts.
      const started = logged(harness, 'chunk.started', jobId);
      const processed = logged(harness, 'chunk.processed', jobId);
      expect(started.map((l) => ({ chunk: l.chunk, attempt: l.attempt }))).toEqual([
        { chunk: 0, attempt: 1 },
      ]);
      expect(processed).toHaveLength(1);
      expect(millisBetween(started[0], processed[0])).toBeGreaterThan(3 * 3000);
      expect(status.state).toBe('succeeded');
      const output = await readObject(harness, status.output);
      expect(output.equals(referenceTransform(input, 'csv', SLOW_MAPPING))).toBe(true);
      expect(await settledLeftovers(harness, jobId)).toEqual(NOTHING_LEFT);
    } finally {
      await harness.close();
    }
  }, 300_000);

  it('on SIGTERM drains, releases the chunk it holds at once and exits 0; another processor finishes it; an idle merger stops promptly', async () => {
    // Prepare: a chunk needing about 20 s, a 60 s visibility timeout and a 2 s drain.
    const drainMs = 2000;
    const harness = await createHarness(
      {
        ...SLOW_ENV,
        FAULT_RECORD_DELAY_MS: '50',
        CHUNKLINE_VISIBILITY_TIMEOUT: '60',
        CHUNKLINE_HEARTBEAT_INTERVAL: '10',
        CHUNKLINE_DRAIN_SECONDS: String(drainMs / 1000),
      },
      { processors: 1 },
    );
    try {
      const [first] = harness.pipeline?.processors ?? [];
      const merger = harness.pipeline?.services.find((s) => s.name === 'merger');
      if (!first || !merger) throw new Error('the harness started no processor or no merger');
      const input = plainCsv(400);
      const source = { bucket: harness.resources.buckets.source, key: 'in/drained.csv' };
      const later = { bucket: harness.resources.buckets.source, key: 'in/after-sigterm.csv' };
      const laterInput = plainCsv(50);
      await harness.store.put(source, input, 'text/csv');
      const jobId = await jobOf(harness, source);
      await eventually(
        'the processor to be transforming the slow chunk',
        () =>
          readLog(first.logFile).some((l) => l.event === SLOW_RECORD_EVENT) ? true : undefined,
        60_000,
        50,
      );

      // Act: SIGTERM mid-chunk; a new object arrives once the processor is draining.
      const signalledAt = Date.now();
      const exit = first.stop();
      await eventually(
        'the processor to start draining',
        () =>
          readLog(first.logFile).some((l) => l.event === 'service.stopping') ? true : undefined,
        10_000,
        20,
      );
      await harness.store.put(later, laterInput, 'text/csv');
      const code = await exit;
      const stoppedIn = Date.now() - signalledAt;
      const laterJob = await jobOf(harness, later);
      const second = harness.startService('processor', 'processor-2', {
        FAULT_RECORD_DELAY_MS: '0',
      });
      const status = await statusWhen(harness, jobId, 'the released job to end', (s) =>
        s.state === 'succeeded' || s.state === 'failed' ? true : undefined,
      );
      const finishedIn = Date.now() - signalledAt;
      const laterStatus = await statusWhen(harness, laterJob, 'the later job to end', (s) =>
        s.state === 'succeeded' || s.state === 'failed' ? true : undefined,
      );

      // Assess: the first processor took nothing new, gave its chunk back and exited 0 in time …
      expect(code).toBe(0);
      expect(stoppedIn).toBeLessThan(drainMs + 4000);
      const firstLog = readLog(first.logFile);
      expect(firstLog.filter((l) => l.event === 'chunk.started').map((l) => l.jobId)).toEqual([
        jobId,
      ]);
      expect(firstLog.find((l) => l.event === 'service.stopped')).toMatchObject({
        drained: false,
        released: 1,
      });
      // … the second took it at once (its receive count shows the redelivery), long before
      // the 60 s visibility timeout would have let it reappear.
      const secondLog = readLog(second.logFile);
      const ready = secondLog.find((l) => l.event === 'service.started');
      const retaken = secondLog.find((l) => l.event === 'chunk.started' && l.jobId === jobId);
      expect(retaken).toMatchObject({ attempt: 2 });
      expect(millisBetween(ready, retaken)).toBeLessThan(5000);
      expect(finishedIn).toBeLessThan(40_000);
      expect(status.state).toBe('succeeded');
      expect(laterStatus.state).toBe('succeeded');
      const output = await readObject(harness, status.output);
      expect(output.equals(referenceTransform(input, 'csv', SLOW_MAPPING))).toBe(true);
      const laterOutput = await readObject(harness, laterStatus.output);
      expect(laterOutput.equals(referenceTransform(laterInput, 'csv', SLOW_MAPPING))).toBe(true);
      expect(await settledLeftovers(harness, jobId)).toEqual(NOTHING_LEFT);
      expect(await settledLeftovers(harness, laterJob)).toEqual(NOTHING_LEFT);

      // Act: SIGTERM to the merger, idle now.
      const mergerSignalledAt = Date.now();
      const mergerCode = await merger.stop();
      const mergerStoppedIn = Date.now() - mergerSignalledAt;

      // Assess
      expect(mergerCode).toBe(0);
      expect(mergerStoppedIn).toBeLessThan(3000);
      expect(readLog(merger.logFile).find((l) => l.event === 'service.stopped')).toMatchObject({
        drained: true,
        released: 0,
      });
    } finally {
      await harness.close();
    }
  }, 300_000);

  it('rejects malformed messages on every queue with a logged reason, dead-letters them, ignores the S3 test event and keeps serving', async () => {
    // Prepare
    const harness = await createHarness({}, { processors: 1, maxReceiveCount: 2 });
    try {
      const sqs = sqsClient(harness);
      const jobId = '0123456789abcdef0123456789abcdef';
      const manifest = { bucket: harness.staging.bucket, key: 'chunkline/jobs/x/manifest.json' };
      const oversized = (type: string): string =>
        JSON.stringify({ v: 1, type, padding: 'x'.repeat(65 * KiB) });
      const bad: Record<'ingest' | 'chunk' | 'merge', string[]> = {
        ingest: [
          'this is not JSON {',
          JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: {} } }] }),
          JSON.stringify({ v: 2, type: 'submit', source: { bucket: 'some-bucket', key: 'k' } }),
          oversized('submit'),
        ],
        chunk: [
          '{"v":1,"type":"chunk",',
          JSON.stringify({ v: 1, type: 'chunk', jobId: 'not-a-job-id', manifest }),
          JSON.stringify({
            v: 2,
            type: 'chunk',
            jobId,
            manifest,
            chunk: { index: 0, start: 0, end: 10 },
            chunkCount: 1,
          }),
          oversized('chunk'),
        ],
        merge: [
          '<merge/>',
          JSON.stringify({ v: 1, type: 'merge', jobId }),
          JSON.stringify({ v: 2, type: 'merge', jobId, manifest }),
          oversized('merge'),
        ],
      };
      await eventually(
        'the dispatcher to drop the s3:TestEvent',
        () => (logged(harness, 'ingest.test-event-ignored').length > 0 ? true : undefined),
        60_000,
      );

      // Act
      for (const [role, bodies] of Object.entries(bad) as [keyof typeof bad, string[]][])
        for (const body of bodies)
          await sqs.send(
            new SendMessageCommand({
              QueueUrl: harness.resources.queues[role].url,
              MessageBody: body,
            }),
          );
      await eventually(
        'every malformed message in its DLQ',
        async () => {
          const d = await allQueueDepths(harness);
          const all = d['ingest-dlq'] === 4 && d['chunk-dlq'] === 4 && d['merge-dlq'] === 4;
          return all && d.ingest === 0 && d.chunk === 0 && d.merge === 0 ? d : undefined;
        },
        120_000,
        250,
      );

      // Assess: each queue's DLQ holds exactly what was sent to it (the test event is not there) …
      for (const role of ['ingest', 'chunk', 'merge'] as const)
        expect(
          (
            await receiveMessages(
              sqsClient(harness),
              harness.resources.queues[role].dlq.url,
              4,
              30_000,
            )
          )
            .map((m) => m.Body ?? '')
            .sort(),
        ).toEqual([...bad[role]].sort());
      expect(logged(harness, 'ingest.test-event-ignored')).toHaveLength(1);
      // … every one was rejected with a reason, and every service still runs.
      const reasons = {
        ingest: [/not JSON/, /S3 event is invalid/, /version 2/, /limit is 65536/],
        chunk: [/not JSON/, /message is invalid/, /version 2/, /limit is 65536/],
        merge: [/not JSON/, /message is invalid/, /version 2/, /limit is 65536/],
      };
      for (const [queue, expected] of Object.entries(reasons)) {
        const rejected = logged(harness, 'message.rejected').filter((l) => l.queue === queue);
        expect(new Set(rejected.map((l) => l.messageId)).size).toBe(4);
        for (const reason of expected)
          expect(rejected.some((l) => reason.test(String(l.reason)))).toBe(true);
      }
      expect(logged(harness, 'message.failed')).toEqual([]);
      for (const service of harness.pipeline?.services ?? [])
        expect({ service: service.name, exitCode: service.child.exitCode }).toEqual({
          service: service.name,
          exitCode: null,
        });

      // Act: a real job after all that.
      const input = sampleCsv(3, 100 * KiB);
      const source = { bucket: harness.resources.buckets.source, key: 'in/after-bad-messages.csv' };
      await harness.store.put(source, input, 'text/csv');
      const realJob = await jobOf(harness, source);
      const status = await statusWhen(harness, realJob, 'the real job to end', (s) =>
        s.state === 'succeeded' || s.state === 'failed' ? true : undefined,
      );

      // Assess
      expect(status.state).toBe('succeeded');
      const output = await readObject(harness, status.output);
      expect(output.equals(referenceTransform(input, 'csv', { version: 1 }))).toBe(true);
      expect(await settledLeftovers(harness, realJob, { ingest: 4, chunk: 4, merge: 4 })).toEqual(
        NOTHING_LEFT,
      );
    } finally {
      await harness.close();
    }
  }, 300_000);

  it('fails a job on malformed records under policy fail with located errors, and skips them into a rejects object under skip', async () => {
    // Prepare: good generated rows, with three malformed ones in three different chunks.
    const harness = await createHarness(SMALL_CHUNKS, { processors: 2, maxReceiveCount: 2 });
    try {
      const good = sampleCsv(11, 250 * KiB);
      const badRows = [
        { before: 600, row: '9000001,Short Row\n', reason: /Invalid Record Length.*got 2/ },
        {
          before: 1000,
          row: '9000002,Long Row,a,b,c,d,e,f,g,h,i,j\n',
          reason: /Invalid Record Length.*got 12/,
        },
        {
          before: 1400,
          row: '9000003,"Stray"quote,s@example.com,1.00,EUR,2024-01-01T00:00:00.000Z,FR,4000,new,ok\n',
          reason: /Invalid Closing Quote/,
        },
      ];
      const input = insertRows(good, badRows);
      const badOffsets = badRows.map(({ row }) => input.indexOf(row));
      const starts = recordStarts(input);
      const failSource = { bucket: harness.resources.buckets.source, key: 'in/bad-fail.csv' };
      const skipSource = { bucket: harness.resources.buckets.source, key: 'in/bad-skip.csv' };

      // Act: policy fail (the default).
      await harness.store.put(failSource, input, 'text/csv');
      const failJob = await jobOf(harness, failSource);
      await eventually(
        'the three bad chunks in the chunk DLQ',
        async () => {
          const depths = await allQueueDepths(harness);
          return depths['chunk-dlq'] === 3 && depths.chunk === 0 ? depths : undefined;
        },
        120_000,
        250,
      );
      const failed = await statusWhen(harness, failJob, 'the fail job to fail', (s) =>
        s.state === 'failed' ? true : undefined,
      );

      // Assess: each bad chunk failed after the last receive, at the bad record.
      const expectedErrors = badOffsets.map((offset) => {
        const chunk = chunkHolding(harness, failJob, offset);
        const line = lineInChunk(input, ownedStart(input, chunk.start, starts), offset);
        return { index: chunk.index, offset, line, code: 'BadRecord', attempts: 2, final: true };
      });
      expect(new Set(expectedErrors.map((e) => e.index)).size).toBe(3);
      expect(failed.chunks).toMatchObject({ failed: 3 });
      expect(
        [...failed.errors]
          .sort((a, b) => a.index - b.index)
          .map(({ index, offset, line, code, attempts, final }) => ({
            index,
            offset,
            line,
            code,
            attempts,
            final,
          })),
      ).toEqual(expectedErrors);
      for (const [i, error] of [...failed.errors].sort((a, b) => a.index - b.index).entries()) {
        expect(error.message).toMatch(badRows[i]?.reason ?? /never/);
        expect(error.message).toContain(`byte offset ${badOffsets[i]}`);
      }
      expect(await keysUnder(harness, failed.output)).toEqual([]);

      // Act: policy skip, from a dispatcher configured for it.
      await harness.pipeline?.services.find((s) => s.name === 'dispatcher')?.stop();
      harness.startService('dispatcher', 'dispatcher-skip', { CHUNKLINE_ON_BAD_RECORD: 'skip' });
      await harness.store.put(skipSource, input, 'text/csv');
      const skipJob = await jobOf(harness, skipSource);
      const skipped = await statusWhen(harness, skipJob, 'the skip job to end', (s) =>
        s.state === 'succeeded' || s.state === 'failed' ? true : undefined,
      );

      // Assess: the output is the reference of the good rows; each bad one is a reject.
      const reference = referenceTransform(good, 'csv', { version: 1 });
      const goodRows = recordStarts(good).length;
      expect(skipped).toMatchObject({
        state: 'succeeded',
        rows: { in: goodRows + 3, out: goodRows, rejected: 3 },
      });
      expect((await readObject(harness, skipped.output)).equals(reference)).toBe(true);
      const rejectsRef = {
        bucket: skipped.output.bucket,
        key: `${skipped.output.key}.rejects.jsonl`,
      };
      const rejects = (await readObject(harness, rejectsRef))
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { offset: number; reason: string; record: string });
      expect(rejects.map((r) => r.offset)).toEqual(badOffsets);
      rejects.forEach((r, i) => {
        expect(r.reason).toMatch(badRows[i]?.reason ?? /never/);
        expect(`${r.record}\n`).toBe(badRows[i]?.row);
      });
      expect(await settledLeftovers(harness, skipJob, { chunk: 3 })).toEqual(NOTHING_LEFT);
      const { uploads, queues } = await leftBehind(harness, failJob, { chunk: 3 });
      expect({ uploads, queues }).toEqual({ uploads: [], queues: {} });
    } finally {
      await harness.close();
    }
  }, 300_000);
});

/** A CSV with one line per record: `id,name,amount`, ids from 1. */
function plainCsv(rows: number): Buffer {
  const lines = ['id,name,amount\n'];
  for (let id = 1; id <= rows; id += 1)
    lines.push(`${id},name-${id},${((id * 7919) % 100_000) / 100}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}

/** Generated sample rows (quoted commas, quotes and newlines included), about `bytes` long. */
function sampleCsv(seed: number, bytes: number): Buffer {
  return Buffer.concat([...generateCsv({ seed, targetBytes: bytes })]);
}

/** Where each record of a generated or plain CSV starts: its line begins with `<id>,`. */
function recordStarts(input: Buffer): number[] {
  const starts: number[] = [];
  for (const match of input.toString('latin1').matchAll(/\n(?=\d+,)/g))
    starts.push(match.index + 1);
  return starts;
}

/** Put each row right before the record with id `before`. */
function insertRows(input: Buffer, rows: readonly { before: number; row: string }[]): Buffer {
  let text = input.toString('utf8');
  for (const { before, row } of rows) {
    const at = text.indexOf(`\n${before},`) + 1;
    if (at === 0) throw new Error(`no record ${before} to insert before`);
    text = `${text.slice(0, at)}${row}${text.slice(at)}`;
  }
  return Buffer.from(text, 'utf8');
}

/** The first byte a chunk starting at `start` owns: the first record starting there or later. */
function ownedStart(input: Buffer, start: number, starts: readonly number[]): number {
  return starts.find((s) => s >= start) ?? input.length;
}

/** The 1-based line, counted from the chunk's first owned byte, of the record at `offset`. */
function lineInChunk(input: Buffer, owned: number, offset: number): number {
  let line = 1;
  for (let i = owned; i < offset; i += 1) if (input[i] === 0x0a) line += 1;
  return line;
}

/** The chunk of a job whose byte range holds `offset`, as its `chunk.started` line says. */
function chunkHolding(
  harness: Harness,
  jobId: string,
  offset: number,
): { index: number; start: number } {
  const line = logged(harness, 'chunk.started', jobId).find(
    (l) => Number(l.start) <= offset && offset < Number(l.end),
  );
  if (!line) throw new Error(`no chunk of job ${jobId} started with byte ${offset} in its range`);
  return { index: Number(line.chunk), start: Number(line.start) };
}

/** Every service's log lines with this event (and job), across all instances. */
function logged(harness: Harness, event: string, jobId?: string): LogLine[] {
  let files: string[] = [];
  try {
    files = readdirSync(harness.logDir).filter((f) => f.endsWith('.log'));
  } catch {
    return [];
  }
  return files
    .flatMap((file) => readLog(join(harness.logDir, file)))
    .filter((l) => l.event === event && (jobId === undefined || l.jobId === jobId));
}

function millisBetween(from: LogLine | undefined, to: LogLine | undefined): number {
  return Date.parse(String(to?.time)) - Date.parse(String(from?.time));
}

/** The id of the newest job of an object once the dispatcher has planned it, other than `not`. */
async function jobOf(harness: Harness, source: ObjectRef, not?: string): Promise<string> {
  return eventually(
    `a job for s3://${source.bucket}/${source.key}`,
    async () => {
      const ids = await findJobsForSource(
        harness.store,
        harness.staging,
        source.bucket,
        source.key,
      );
      return ids.find((id) => id !== not);
    },
    120_000,
    100,
  );
}

/** Poll a job's status until `until` says so. */
async function statusWhen(
  harness: Harness,
  jobId: string,
  what: string,
  until: (status: JobStatus) => true | undefined,
  timeoutMs = 180_000,
): Promise<JobStatus> {
  return eventually(
    what,
    async () => {
      const status = await readJobStatus(harness.store, harness.staging, jobId);
      return status && until(status) ? status : undefined;
    },
    timeoutMs,
    200,
  );
}

/** Keys in the output bucket that start with an output key: the output, its rejects, anything. */
async function keysUnder(harness: Harness, output: ObjectRef): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of harness.store.list(output.bucket, output.key)) keys.push(item.key);
  return keys;
}

/** Run the CLI as a user would, with the harness's environment; never throws on exit status. */
async function chunkline(
  harness: Harness,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...harness.env };
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ['cli/bin/chunkline.js', ...args],
      { cwd: repoRoot, env, timeout: 120_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
