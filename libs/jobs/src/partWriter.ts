import type { CompletedPart, CreateOutcome, ObjectRef, ObjectStore } from '@chunkline/contracts';

/** Bytes buffered before a part object switches to a multipart upload (S3's minimum is 5 MiB). */
export const PART_BUFFER_SIZE = 8 * 1024 * 1024;

/**
 * Writes one staging object from a stream of text or bytes without holding it whole:
 * a small object is one conditional PutObject; a larger one streams as a multipart upload
 * completed with `If-None-Match: *`, and aborted if anything fails.
 */
export class PartWriter {
  private readonly store: ObjectStore;
  private readonly ref: ObjectRef;
  private readonly contentType: string;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
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

  async write(data: string | Uint8Array): Promise<void> {
    const bytes =
      typeof data === 'string'
        ? Buffer.from(data, 'utf8')
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length === 0) return;
    this.buffered.push(bytes);
    this.bufferedBytes += bytes.length;
    this.written += bytes.length;
    if (this.bufferedBytes >= PART_BUFFER_SIZE) await this.flushPart();
  }

  /** Finish the object; `exists` means an identical attempt already wrote it. */
  async close(): Promise<CreateOutcome> {
    try {
      if (this.uploadId === undefined) {
        return await this.store.putIfAbsent(
          this.ref,
          Buffer.concat(this.buffered),
          this.contentType,
        );
      }
      if (this.bufferedBytes > 0) await this.flushPart();
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
    this.buffered = [];
    if (uploadId !== undefined)
      await this.store.abortMultipartUpload(this.ref, uploadId).catch(() => undefined);
  }

  private async flushPart(): Promise<void> {
    const body = Buffer.concat(this.buffered);
    this.buffered = [];
    this.bufferedBytes = 0;
    this.uploadId ??= await this.store.createMultipartUpload(this.ref, this.contentType);
    this.parts.push(
      await this.store.uploadPart(this.ref, this.uploadId, this.parts.length + 1, body),
    );
  }
}
