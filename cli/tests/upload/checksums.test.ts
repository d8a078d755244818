import { describe, expect, it } from 'vitest';
import { compositeCrc32, crc32Base64 } from '../../src/upload/checksums.ts';

describe('Function: crc32Base64', () => {
  it.each([
    // Values S3 (LocalStack) returned for these bodies.
    { name: '"hello"', bytes: Buffer.from('hello'), expected: 'NhCmhg==' },
    { name: '5 MiB of 0x01', bytes: Buffer.alloc(5 * 1024 * 1024, 1), expected: '67XDxA==' },
    { name: 'no bytes', bytes: Buffer.alloc(0), expected: 'AAAAAA==' },
  ])('gives S3’s checksum of $name', ({ bytes, expected }) => {
    expect(crc32Base64(bytes)).toBe(expected);
  });
});

describe('Function: compositeCrc32', () => {
  it('gives the checksum S3 reports for an object of those parts', () => {
    // The two parts above, completed on LocalStack: ChecksumCRC32 "d9ydLw==-2".
    expect(compositeCrc32(['67XDxA==', 'NhCmhg=='])).toBe('d9ydLw==-2');
  });
});
