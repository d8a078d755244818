import type { CompletedUpload, OpenChecksumUpload, UploadedPart } from '@chunkline/aws';
import type { ObjectRef } from '@chunkline/contracts';
import { compositeCrc32, crc32Base64 } from '../../src/upload/checksums.ts';
import type { LocalSource, UploadTarget } from '../../src/upload/types.ts';

interface Upload {
  readonly key: string;
  readonly initiated: Date;
  readonly parts: Map<number, { part: UploadedPart; bytes: Uint8Array }>;
}

/**
 * An in-memory stand-in for `S3ChecksumUploads` that checks each part's CRC32 as S3 does and
 * counts the calls, so tests can say how many parts a run sent.
 */
export class MemoryUploads implements UploadTarget {
  readonly uploads = new Map<string, Upload>();
  readonly objects = new Map<string, Uint8Array>();
  readonly sent: number[] = [];
  readonly aborted: string[] = [];
  /** Fail UploadPart for these part numbers. */
  failParts = new Set<number>();
  private nextId = 0;

  async create(ref: ObjectRef): Promise<string> {
    const id = `upload-${(this.nextId += 1)}`;
    this.uploads.set(id, {
      key: ref.key,
      initiated: new Date(this.nextId * 1000),
      parts: new Map(),
    });
    return id;
  }

  async uploadPart(
    _ref: ObjectRef,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
    checksumCrc32: string,
  ): Promise<UploadedPart> {
    if (this.failParts.has(partNumber)) throw new Error(`injected failure of part ${partNumber}`);
    if (crc32Base64(body) !== checksumCrc32) throw new Error('BadDigest');
    const upload = this.upload(uploadId);
    const part = { partNumber, size: body.byteLength, etag: `"e${partNumber}"`, checksumCrc32 };
    upload.parts.set(partNumber, { part, bytes: Uint8Array.from(body) });
    this.sent.push(partNumber);
    return part;
  }

  async listParts(_ref: ObjectRef, uploadId: string): Promise<UploadedPart[]> {
    return [...this.upload(uploadId).parts.values()]
      .map((p) => p.part)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  async listOpen(ref: ObjectRef): Promise<OpenChecksumUpload[]> {
    return [...this.uploads.entries()]
      .filter(([, u]) => u.key === ref.key)
      .map(([uploadId, u]) => ({ uploadId, initiated: u.initiated, checksumAlgorithm: 'CRC32' }));
  }

  async complete(
    ref: ObjectRef,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<CompletedUpload> {
    const upload = this.upload(uploadId);
    const chunks = parts.map((p) => {
      const held = upload.parts.get(p.partNumber);
      if (!held || held.part.checksumCrc32 !== p.checksumCrc32)
        throw new Error(`InvalidPart ${p.partNumber}`);
      return held.bytes;
    });
    this.objects.set(ref.key, Buffer.concat(chunks));
    this.uploads.delete(uploadId);
    return {
      etag: `"x-${parts.length}"`,
      checksumCrc32: compositeCrc32(parts.map((p) => p.checksumCrc32 ?? '')),
    };
  }

  async abort(_ref: ObjectRef, uploadId: string): Promise<void> {
    this.uploads.delete(uploadId);
    this.aborted.push(uploadId);
  }

  private upload(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new Error(`NoSuchUpload ${uploadId}`);
    return upload;
  }
}

/** A file held in memory, read by ranges like the real one. */
export function memorySource(bytes: Uint8Array): LocalSource & { reads: number } {
  const source = {
    size: bytes.byteLength,
    reads: 0,
    read: async (start: number, end: number) => {
      source.reads += 1;
      return bytes.subarray(start, end);
    },
  };
  return source;
}

/** `size` bytes of a repeatable pattern that differs from part to part. */
export function patternBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}
