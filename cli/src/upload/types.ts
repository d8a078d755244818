import type { S3ChecksumUploads } from '@chunkline/aws';

/** Where parts go: the operations of `S3ChecksumUploads` that an upload uses. */
export type UploadTarget = Pick<
  S3ChecksumUploads,
  'create' | 'uploadPart' | 'listParts' | 'listOpen' | 'complete' | 'abort'
>;

/** The local file, read by ranges (never whole). */
export interface LocalSource {
  readonly size: number;
  /** The bytes `[start, end)`. */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** How far an upload is; reused parts count as done. */
export interface UploadProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes sent by this run (excludes reused parts), for the rate. */
  readonly bytesSent: number;
  readonly partsDone: number;
  readonly partCount: number;
}

/** Options of `uploadFile`. */
export interface UploadOptions {
  /** Parts in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Abort every open upload on the key and start afresh instead of resuming. Default false. */
  readonly fresh?: boolean;
  readonly contentType?: string | undefined;
  /** Called after each part (and once before the first). */
  readonly onProgress?: (progress: UploadProgress) => void;
  /** When aborted, no new part is started; parts in flight finish, and the upload stays open. */
  readonly signal?: AbortSignal;
}

/** What an upload did: `--json` prints this. */
export interface UploadResult {
  /** `completed`, or `interrupted` (the upload is left open; run the command again to resume). */
  readonly state: 'completed' | 'interrupted';
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
  /** True when an open upload of this file was continued. */
  readonly resumed: boolean;
  /** Parts already in S3 with the local bytes' checksum, not sent again. */
  readonly partsReused: number;
  /** Parts sent by this run (missing and mismatched ones). */
  readonly partsSent: number;
  /** Parts S3 held whose checksum differed from the local bytes (they were re-sent). */
  readonly partsMismatched: number;
  readonly bytesSent: number;
  /** Open uploads on the key that were aborted: `--abort`, or parts that did not fit this file. */
  readonly uploadsAborted: number;
  /** Why an open upload was not resumed, if one was found and aborted. */
  readonly freshReason?: string | undefined;
  readonly etag?: string | undefined;
  /** The object's composite CRC32 as S3 reported it (`<base64>-<parts>`). */
  readonly checksumCrc32?: string | undefined;
  /** True when S3's composite checksum equals the one computed from the local file. */
  readonly verified: boolean;
  readonly elapsedMs: number;
}
