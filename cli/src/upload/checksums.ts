import { crc32 } from 'node:zlib';

/** S3's form of a CRC32: the base64 of its four big-endian bytes. */
export function crc32Base64(bytes: Uint8Array): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes));
  return out.toString('base64');
}

/**
 * The checksum S3 reports for a multipart object created with CRC32 (type COMPOSITE): the
 * CRC32 of the parts' CRC32s (their raw bytes, in part order), then `-<number of parts>`.
 */
export function compositeCrc32(partChecksums: readonly string[]): string {
  const joined = Buffer.concat(partChecksums.map((c) => Buffer.from(c, 'base64')));
  return `${crc32Base64(joined)}-${partChecksums.length}`;
}
