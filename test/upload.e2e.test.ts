import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ChecksumUploads, createS3Client } from '@chunkline/aws';
import type { ObjectRef } from '@chunkline/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './support/harness.ts';
import type { Harness } from './support/harness.ts';

const MiB = 1024 * 1024;
/** Over 100 MiB: 14 parts of 8 MiB, the last one 6 MiB. */
const FILE_SIZE = 110 * MiB;
const PART_COUNT = 14;

/** What `chunkline upload --json` prints. */
interface UploadJson {
  state: 'completed' | 'interrupted';
  uploadId: string;
  size: number;
  partCount: number;
  resumed: boolean;
  partsReused: number;
  partsSent: number;
  partsMismatched: number;
  verified: boolean;
  checksumCrc32?: string;
}

/** A running `chunkline upload`, with its exit and output once it ends. */
interface CliRun {
  readonly child: ReturnType<typeof spawn>;
  readonly done: Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>;
}

function startUpload(harness: Harness, file: string, url: string, ...extra: string[]): CliRun {
  const child = spawn(
    process.execPath,
    ['cli/bin/chunkline.js', 'upload', file, url, '--json', ...extra],
    { env: { PATH: process.env['PATH'] ?? '', ...harness.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
  child.stderr?.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const done = new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Write `size` random bytes to a file, 1 MiB at a time; returns its SHA-256. */
async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  try {
    for (let at = 0; at < size; at += MiB) {
      const block = randomBytes(Math.min(MiB, size - at));
      hash.update(block);
      await handle.write(block);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    for await (const block of handle.createReadStream()) hash.update(block as Buffer);
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** The SHA-256 of an object, read as a stream (never whole in memory). */
async function sha256OfObject(harness: Harness, ref: ObjectRef): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of await harness.store.getStream(ref)) hash.update(block);
  return hash.digest('hex');
}

/** Wait, with a deadline, until the open upload on `ref` holds at least `count` parts. */
async function waitForParts(
  uploads: S3ChecksumUploads,
  ref: ObjectRef,
  count: number,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [open] = await uploads.listOpen(ref);
    if (open && (await uploads.listParts(ref, open.uploadId)).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `the upload of s3://${ref.bucket}/${ref.key} held fewer than ${count} parts after ${timeoutMs} ms`,
  );
}

/** The parts the open upload on `ref` holds. */
async function listedParts(uploads: S3ChecksumUploads, ref: ObjectRef): Promise<number[]> {
  const [open] = await uploads.listOpen(ref);
  if (!open) return [];
  return (await uploads.listParts(ref, open.uploadId)).map((p) => p.partNumber);
}

describe('CLI: chunkline upload', () => {
  let harness: Harness;
  let uploads: S3ChecksumUploads;
  let dir: string;
  let file: string;
  let fileHash: string;

  beforeAll(async () => {
    harness = await createHarness({}, { startServices: false });
    uploads = new S3ChecksumUploads(
      createS3Client({ endpoint: harness.resources.endpoint, region: 'us-east-1' }),
    );
    dir = await mkdtemp(join(tmpdir(), 'chunkline-upload-'));
    file = join(dir, 'big.bin');
    fileHash = await writeRandomFile(file, FILE_SIZE);
  });

  afterAll(async () => {
    await harness?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resumes an upload killed mid-way, sending only the parts S3 does not hold', async () => {
    // Prepare: kill the CLI (SIGKILL, as a crash would) once some parts are in S3.
    const ref = { bucket: harness.resources.buckets.source, key: 'uploads/killed.bin' };
    const url = `s3://${ref.bucket}/${ref.key}`;
    const first = startUpload(harness, file, url, '--concurrency', '1');
    await waitForParts(uploads, ref, 3);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    const held = await listedParts(uploads, ref);

    // Act
    const second = await startUpload(harness, file, url, '--concurrency', '4').done;

    // Assess
    expect(killed.signal).toBe('SIGKILL');
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(held.length).toBeLessThan(PART_COUNT);
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as UploadJson;
    expect(result).toMatchObject({
      state: 'completed',
      size: FILE_SIZE,
      partCount: PART_COUNT,
      resumed: true,
      partsReused: held.length,
      partsSent: PART_COUNT - held.length,
      partsMismatched: 0,
      verified: true,
    });
    expect((await harness.store.head(ref))?.size).toBe(FILE_SIZE);
    expect(await sha256OfObject(harness, ref)).toBe(fileHash);
    expect(await uploads.listOpen(ref)).toEqual([]);
  });

  it('stops cleanly on SIGINT with exit status 130, then resumes and re-sends a part whose bytes changed', async () => {
    // Prepare
    const ref = { bucket: harness.resources.buckets.source, key: 'uploads/interrupted.bin' };
    const url = `s3://${ref.bucket}/${ref.key}`;
    const first = startUpload(harness, file, url, '--concurrency', '2');
    await waitForParts(uploads, ref, 2);
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    const held = await listedParts(uploads, ref);
    // Change one byte of part 1 locally: its CRC32 no longer matches what S3 holds.
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from([0x5a]), 0, 1, 1000);
    await handle.close();
    const changedHash = await sha256OfFile(file);

    // Act
    const second = await startUpload(harness, file, url).done;

    // Assess
    expect(interrupted.code).toBe(130);
    const stopped = JSON.parse(interrupted.stdout) as UploadJson;
    expect(stopped).toMatchObject({ state: 'interrupted', partsSent: held.length });
    expect(held).toContain(1);
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as UploadJson;
    expect(result).toMatchObject({
      state: 'completed',
      uploadId: stopped.uploadId,
      resumed: true,
      partsReused: held.length - 1,
      partsMismatched: 1,
      partsSent: PART_COUNT - held.length + 1,
      verified: true,
    });
    expect(await sha256OfObject(harness, ref)).toBe(changedHash);
  });

  it('starts afresh with --abort, discarding the open upload', async () => {
    // Prepare: an open upload with one part, as an earlier run would leave it.
    const ref = { bucket: harness.resources.buckets.source, key: 'uploads/small.bin' };
    const small = join(dir, 'small.bin');
    const smallHash = await writeRandomFile(small, 9 * MiB);
    const stale = await uploads.create(ref);

    // Act
    const run = await startUpload(harness, small, `s3://${ref.bucket}/${ref.key}`, '--abort').done;

    // Assess
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as UploadJson & { uploadsAborted: number };
    expect(result).toMatchObject({ resumed: false, uploadsAborted: 1, partsSent: 2, partCount: 2 });
    expect(result.uploadId).not.toBe(stale);
    expect(await sha256OfObject(harness, ref)).toBe(smallHash);
  });

  it('refuses a missing file with exit status 2 and a JSON error on stdout', async () => {
    // Act
    const run = await startUpload(
      harness,
      join(dir, 'missing.bin'),
      `s3://${harness.resources.buckets.source}/uploads/missing.bin`,
    ).done;

    // Assess
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { exitCode: 2, message: expect.stringContaining('missing.bin') },
    });
  });
});
