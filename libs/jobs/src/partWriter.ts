import type { CompletedPart, CreateOutcome, ObjectRef, ObjectStore } from '@chunkline/contracts';

/** How a string written to a part becomes bytes: UTF-8, or `latin1` for byte text (one byte per char). */
export type TextEncoding = 'utf8' | 'latin1';

/** Bytes buffered before a part object switches to a multipart upload (S3's minimum is 5 MiB). */
export const PART_BUFFER_SIZE = 8 * 1024 * 1024;

/** The first buffer of an object: small objects (rejects files, small parts) stay small. */
const FIRST_BUFFER_SIZE = 64 * 1024;

/**
 * Writes one staging object from a stream of text or bytes without holding it whole:
 * a small object is one conditional PutObject; a larger one streams as a multipart upload
 * of `PART_BUFFER_SIZE` (8 MiB) parts, completed with `If-None-Match: *`, and aborted if
 * anything fails. Text is encoded straight into the part's buffer (no intermediate copy).
 * Once a full part is uploaded, its buffer takes the next part: a new 8 MiB buffer per part
 * is memory outside V8's heap, and every few dozen MiB of that makes V8 run a full GC.
 */
export class PartWriter {
  private readonly store: ObjectStore;
  private readonly ref: ObjectRef;
  private readonly contentType: string;
  private buffer: Buffer | undefined;
  private filled = 0;
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];
  private written = 0;

  constructor(store: ObjectStore, ref: ObjectRef, contentType: string) {
    this.store = store;
    this.ref = ref;
    this.contentType = contentType;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.written;
  }

  /** Append `data`; a string becomes bytes in `encoding` (default UTF-8). */
  async write(data: string | Uint8Array, encoding: TextEncoding = 'utf8'): Promise<void> {
    if (data.length === 0) return;
    if (typeof data === 'string') {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: when that fits, encode in place.
      const buffer = this.room(encoding === 'utf8' ? data.length * 3 : data.length);
      if (buffer !== undefined) {
        const length = buffer.write(data, this.filled, encoding);
        this.filled += length;
        this.written += length;
        if (this.filled === PART_BUFFER_SIZE) await this.flushPart();
        return;
      }
      data = Buffer.from(data, encoding);
    }
    let from = 0;
    while (from < data.length) {
      const buffer = this.room(1) ?? this.grown();
      const length = Math.min(buffer.length - this.filled, data.length - from);
      buffer.set(data.subarray(from, from + length), this.filled);
      this.filled += length;
      this.written += length;
      from += length;
      if (this.filled === PART_BUFFER_SIZE) await this.flushPart();
    }
  }

  /** Finish the object; `exists` means an identical attempt already wrote it. */
  async close(): Promise<CreateOutcome> {
    try {
      if (this.uploadId === undefined) {
        return await this.store.putIfAbsent(this.ref, this.take(), this.contentType);
      }
      if (this.filled > 0) await this.flushPart();
      return await this.store.completeMultipartUploadIfAbsent(this.ref, this.uploadId, this.parts);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Give up: abort any multipart upload so nothing is left behind. */
  async abort(): Promise<void> {
    const uploadId = this.uploadId;
    this.uploadId = undefined;
    this.buffer = undefined;
    this.filled = 0;
    if (uploadId !== undefined)
      await this.store.abortMultipartUpload(this.ref, uploadId).catch(() => undefined);
  }

  /** The buffer if `bytes` more fit in it, growing it up to the part size; else undefined. */
  private room(bytes: number): Buffer | undefined {
    const buffer = this.buffer;
    if (buffer !== undefined && buffer.length - this.filled >= bytes) return buffer;
    if (this.filled + bytes > PART_BUFFER_SIZE) return undefined;
    return this.grown(this.filled + bytes);
  }

  /** A buffer with room for at least `needed` bytes in all (at most the part size). */
  private grown(needed = this.filled + 1): Buffer {
    let size = Math.max(this.buffer?.length ?? 0, FIRST_BUFFER_SIZE);
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(Math.min(size, PART_BUFFER_SIZE));
    this.buffer?.copy(grown, 0, 0, this.filled);
    this.buffer = grown;
    return grown;
  }

  /** The bytes written since the last part, leaving the writer empty. */
  private take(): Buffer {
    const body = this.buffer?.subarray(0, this.filled) ?? Buffer.alloc(0);
    this.buffer = undefined;
    this.filled = 0;
    return body;
  }

  private async flushPart(): Promise<void> {
    const buffer = this.buffer;
    const body = this.take();
    this.uploadId ??= await this.store.createMultipartUpload(this.ref, this.contentType);
    this.parts.push(
      await this.store.uploadPart(this.ref, this.uploadId, this.parts.length + 1, body),
    );
    // The store is done with a part's bytes once its upload is answered (`ObjectStore.uploadPart`),
    // and nothing was written meanwhile (`write` awaits this): the next part starts in them.
    this.buffer = buffer;
  }
}
