import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { CompletedPart, ObjectRef } from '@chunkline/contracts';
import { MemoryObjectStore } from '@chunkline/testing';
import { describe, expect, it } from 'vitest';
import { PART_BUFFER_SIZE, PartWriter } from '../src/index.ts';

const ref = { bucket: 'stage', key: 'parts/00000' };

/** What is written: text (UTF-8), bytes, or byte text (one byte per char, `latin1`). */
type Piece = string | Uint8Array | { readonly byteText: string };

/** Writes every piece in order, closes, and returns the stored bytes and the store. */
async function written(pieces: readonly Piece[]) {
  const store = new MemoryObjectStore();
  const writer = new PartWriter(store, ref, 'text/csv');
  for (const piece of pieces) {
    if (typeof piece === 'object' && 'byteText' in piece) {
      await writer.write(piece.byteText, 'latin1');
    } else await writer.write(piece);
  }
  const outcome = await writer.close();
  return { store, outcome, size: writer.size, bytes: Buffer.from(store.bytes(ref) ?? []) };
}

const expected = (pieces: readonly Piece[]): Buffer =>
  Buffer.concat(
    pieces.map((piece) => {
      if (typeof piece === 'string') return Buffer.from(piece);
      return 'byteText' in piece ? Buffer.from(piece.byteText, 'latin1') : piece;
    }),
  );

describe('Class: PartWriter', () => {
  it('stores a small object with one conditional put, text and bytes in order', async () => {
    // Prepare
    const pieces = ['id,name\n', Buffer.from('1,Zoë\n'), '', '2,陽翔 🚚\n'];

    // Act
    const { store, outcome, size, bytes } = await written(pieces);

    // Assess
    expect(outcome).toBe('created');
    expect(bytes).toEqual(expected(pieces));
    expect(size).toBe(bytes.length);
    expect(store.calls.putIfAbsent).toBe(1);
    expect(store.calls.createMultipartUpload).toBe(0);
  });

  it('streams a large object as parts of exactly PART_BUFFER_SIZE bytes but the last', async () => {
    // Prepare: multi-byte characters straddle every part boundary.
    const line = `${'é'.repeat(333)}🚚${'x'.repeat(1000)}\n`;
    const pieces = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0 ? Buffer.from(line.repeat(500)) : line.repeat(500),
    );

    // Act
    const { store, size, bytes } = await written(pieces);

    // Assess
    const whole = expected(pieces);
    expect(bytes.equals(whole)).toBe(true);
    expect(size).toBe(whole.length);
    expect(store.calls.uploadPart).toBe(Math.ceil(whole.length / PART_BUFFER_SIZE));
    expect(store.calls.putIfAbsent).toBe(0);
  });

  it('property: the object is the concatenation of what was written, whatever the pieces and their encodings', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.uint8Array({ maxLength: 50 }),
      fc
        .tuple(fc.constantFrom('a', 'é', '日', '🚚'), fc.integer({ min: 0, max: 3_000_000 }))
        .map(([char, count]) => char.repeat(count)),
      fc
        .uint8Array({ maxLength: 50 })
        .map((bytes) => ({ byteText: Buffer.from(bytes).toString('latin1') })),
      fc
        .tuple(fc.constantFrom('a', '\u00e9', '\u00ff'), fc.integer({ min: 0, max: 9_000_000 }))
        .map(([char, count]) => ({ byteText: char.repeat(count) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (pieces) => {
        const { bytes, size } = await written(pieces);
        const whole = expected(pieces);
        expect(bytes.equals(whole)).toBe(true);
        expect(size).toBe(whole.length);
      }),
      { numRuns: 25 },
    );
  });

  it('writes each full part into the buffer of the part before it, once the store has answered for that one', async () => {
    // Prepare: a store that answers late and checks the bytes it was given did not change meanwhile.
    const seen: { buffer: ArrayBufferLike; changed: boolean }[] = [];
    class SlowStore extends MemoryObjectStore {
      override async uploadPart(
        target: ObjectRef,
        uploadId: string,
        partNumber: number,
        body: Uint8Array,
      ): Promise<CompletedPart> {
        const digest = createHash('md5').update(body).digest('hex');
        await new Promise((resolve) => setTimeout(resolve, 5));
        const changed = createHash('md5').update(body).digest('hex') !== digest;
        seen.push({ buffer: body.buffer, changed });
        return super.uploadPart(target, uploadId, partNumber, body);
      }
    }
    const store = new SlowStore();
    const writer = new PartWriter(store, ref, 'text/csv');
    const pieces = Array.from({ length: 9 }, (_, i) => String(i).repeat(PART_BUFFER_SIZE / 2 + 7));

    // Act
    for (const piece of pieces) await writer.write(piece);
    await writer.close();

    // Assess
    expect(Buffer.from(store.bytes(ref) ?? []).equals(expected(pieces))).toBe(true);
    expect(seen.length).toBe(5);
    expect(seen.some((part) => part.changed)).toBe(false);
    expect(new Set(seen.slice(0, -1).map((part) => part.buffer)).size).toBe(1);
  });

  it('aborts its multipart upload when closing fails, leaving nothing behind', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const writer = new PartWriter(store, ref, 'text/csv');
    await writer.write('x'.repeat(PART_BUFFER_SIZE + 10));
    store.failOn('completeMultipartUploadIfAbsent');

    // Act
    const closing = writer.close();

    // Assess
    await expect(closing).rejects.toThrow();
    expect(store.openUploads()).toEqual([]);
    expect(store.bytes(ref)).toBeUndefined();
  });
});
