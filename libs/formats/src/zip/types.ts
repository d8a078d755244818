export type { RangeReader } from '../rangeReader.ts';

/** One entry of a ZIP archive, as its central directory record describes it. */
export interface ZipEntry {
  /** Path inside the archive (UTF-8 when flagged, else CP437); directories end with `/`. */
  readonly name: string;
  /** Compression method: 0 stored, 8 deflate; anything else cannot be read. */
  readonly method: number;
  /** General purpose bit flags. */
  readonly flags: number;
  /** Flag bit 0: the data is encrypted and cannot be read. */
  readonly encrypted: boolean;
  /** Flag bit 3: CRC and sizes follow the data (the directory record has the real values). */
  readonly hasDataDescriptor: boolean;
  /** CRC-32 of the uncompressed data, unsigned. */
  readonly crc32: number;
  /** Bytes of (compressed) data after the local header; up to 2^53 - 1. */
  readonly compressedSize: number;
  /** Bytes once decompressed; up to 2^53 - 1. */
  readonly uncompressedSize: number;
  /** Absolute offset of the entry's local file header in the archive. */
  readonly localHeaderOffset: number;
  /** True when the name ends with `/`. */
  readonly isDirectory: boolean;
}

/** Options of `readZipDirectory`. */
export interface ReadZipDirectoryOptions {
  /**
   * Largest range asked of the reader at once; a larger central directory is read in
   * several ranges of at most this size. Default `DEFAULT_ZIP_DIRECTORY_READ_SIZE` (8 MiB).
   */
  readonly maxReadSize?: number | undefined;
}
