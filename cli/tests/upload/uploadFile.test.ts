import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/upload/errors.ts';
import { uploadFile } from '../../src/upload/uploadFile.ts';
import type { UploadProgress } from '../../src/upload/types.ts';
import { MemoryUploads, memorySource, patternBytes } from '../helpers/memoryUploads.ts';

const MiB = 1024 * 1024;
const ref = { bucket: 'incoming-data', key: 'exports/big.bin' };

describe('Function: uploadFile', () => {
  it('uploads every part and assembles the exact bytes, verified by the composite checksum', async () => {
    // Prepare
    const target = new MemoryUploads();
    const bytes = patternBytes(20 * MiB + 7);

    // Act
    const result = await uploadFile(target, memorySource(bytes), ref, { concurrency: 3 });

    // Assess
    expect(result).toMatchObject({
      state: 'completed',
      partCount: 3,
      partsSent: 3,
      partsReused: 0,
      resumed: false,
      verified: true,
    });
    expect(Buffer.compare(target.objects.get(ref.key) ?? Buffer.alloc(0), bytes)).toBe(0);
  });

  it('never has more parts in flight than the concurrency', async () => {
    // Prepare
    const target = new MemoryUploads();
    let inFlight = 0;
    let most = 0;
    const send = target.uploadPart.bind(target);
    target.uploadPart = async (...args) => {
      most = Math.max(most, (inFlight += 1));
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return send(...args);
    };

    // Act
    await uploadFile(target, memorySource(patternBytes(60 * MiB)), ref, { concurrency: 2 });

    // Assess
    expect(most).toBe(2);
  });

  it('resumes an interrupted upload, sending only the parts S3 does not hold', async () => {
    // Prepare: the first run stops after three parts.
    const target = new MemoryUploads();
    const bytes = patternBytes(50 * MiB);
    const controller = new AbortController();
    const first = await uploadFile(target, memorySource(bytes), ref, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.partsDone === 3) controller.abort();
      },
    });
    target.sent.length = 0;

    // Act
    const second = await uploadFile(target, memorySource(bytes), ref);

    // Assess
    expect(first).toMatchObject({ state: 'interrupted', partsSent: 3, partCount: 7 });
    expect(second).toMatchObject({
      state: 'completed',
      resumed: true,
      uploadId: first.uploadId,
      partsReused: 3,
      partsSent: 4,
      verified: true,
    });
    expect(target.sent.sort()).toEqual([4, 5, 6, 7]);
    expect(Buffer.compare(target.objects.get(ref.key) ?? Buffer.alloc(0), bytes)).toBe(0);
  });

  it('re-sends a part whose local bytes changed since it was uploaded', async () => {
    // Prepare
    const target = new MemoryUploads();
    const bytes = patternBytes(24 * MiB);
    const uploadId = await target.create(ref);
    const changed = Uint8Array.from(bytes);
    changed[9 * MiB] = (changed[9 * MiB] ?? 0) ^ 0xff;
    for (const n of [1, 2]) {
      const body = bytes.subarray((n - 1) * 8 * MiB, n * 8 * MiB);
      const { crc32Base64 } = await import('../../src/upload/checksums.ts');
      await target.uploadPart(ref, uploadId, n, body, crc32Base64(body));
    }
    target.sent.length = 0;

    // Act
    const result = await uploadFile(target, memorySource(changed), ref);

    // Assess
    expect(result).toMatchObject({
      resumed: true,
      partsReused: 1,
      partsMismatched: 1,
      partsSent: 2,
    });
    expect(target.sent.sort()).toEqual([2, 3]);
    expect(Buffer.compare(target.objects.get(ref.key) ?? Buffer.alloc(0), changed)).toBe(0);
  });

  it('aborts an open upload of a file of another size and starts afresh', async () => {
    // Prepare
    const target = new MemoryUploads();
    const controller = new AbortController();
    await uploadFile(target, memorySource(patternBytes(30 * MiB)), ref, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.partsDone === 3) controller.abort();
      },
    });

    // Act
    const result = await uploadFile(target, memorySource(patternBytes(17 * MiB)), ref);

    // Assess
    expect(result).toMatchObject({ resumed: false, uploadsAborted: 1, partsSent: 3 });
    expect(result.freshReason).toContain('part 3 is 8388608 bytes');
  });

  it('aborts every open upload on the key when asked to start afresh', async () => {
    // Prepare
    const target = new MemoryUploads();
    await target.create(ref);
    await target.create(ref);

    // Act
    const result = await uploadFile(target, memorySource(patternBytes(MiB)), ref, { fresh: true });

    // Assess
    expect(result).toMatchObject({ resumed: false, uploadsAborted: 2, partsSent: 1 });
    expect(target.aborted).toEqual(['upload-1', 'upload-2']);
  });

  it('leaves the upload open and names the part when a part fails', async () => {
    // Prepare
    const target = new MemoryUploads();
    target.failParts.add(2);

    // Act
    const run = uploadFile(target, memorySource(patternBytes(20 * MiB)), ref);

    // Assess
    await expect(run).rejects.toThrow(UploadError);
    await expect(run).rejects.toThrow(/part 2 of s3:\/\/incoming-data\/exports\/big.bin failed/);
    expect(target.uploads.size).toBe(1);
  });

  it('reports progress with reused parts counted as done', async () => {
    // Prepare
    const target = new MemoryUploads();
    const seen: UploadProgress[] = [];

    // Act
    await uploadFile(target, memorySource(patternBytes(17 * MiB)), ref, {
      concurrency: 1,
      onProgress: (p) => seen.push(p),
    });

    // Assess
    expect(seen.map((p) => p.partsDone)).toEqual([0, 1, 2, 3]);
    expect(seen.at(-1)).toMatchObject({
      bytesDone: 17 * MiB,
      bytesTotal: 17 * MiB,
      bytesSent: 17 * MiB,
    });
  });

  it('uploads an empty file as one empty part', async () => {
    // Prepare
    const target = new MemoryUploads();

    // Act
    const result = await uploadFile(target, memorySource(new Uint8Array(0)), ref);

    // Assess
    expect(result).toMatchObject({ state: 'completed', partCount: 1, size: 0 });
    expect(target.objects.get(ref.key)?.byteLength).toBe(0);
  });
});
