import { gzipSync } from 'node:zlib';
import type { OutputCompression } from '@chunkline/contracts';

/**
 * One block of output as it is stored: as is, or as one complete gzip member. A gzip file
 * may hold any number of members one after another, and `gunzip` and Node's zlib read them
 * as one stream, so parts compressed block by block can be concatenated server-side.
 */
export function compressBlock(compression: OutputCompression, data: Uint8Array): Uint8Array {
  return compression === 'gzip' && data.length > 0 ? gzipSync(data) : data;
}
