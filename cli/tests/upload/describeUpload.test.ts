import { describe, expect, it } from 'vitest';
import { describeUpload } from '../../src/commands/uploadCommand.ts';
import { COMMAND_HELP, USAGE } from '../../src/help.ts';
import { renderUploadProgress } from '../../src/progressBar.ts';
import type { UploadResult } from '../../src/upload/types.ts';

const MiB = 1024 * 1024;
const result = (overrides: Partial<UploadResult> = {}): UploadResult => ({
  state: 'completed',
  bucket: 'incoming-data',
  key: 'exports/big.bin',
  uploadId: 'upload-7',
  size: 110 * MiB,
  partSize: 8 * MiB,
  partCount: 14,
  resumed: true,
  partsReused: 5,
  partsSent: 9,
  partsMismatched: 0,
  bytesSent: 70 * MiB,
  uploadsAborted: 0,
  etag: '"abc-14"',
  checksumCrc32: 'SHp3sw==-14',
  verified: true,
  elapsedMs: 4000,
  ...overrides,
});

describe('Function: renderUploadProgress', () => {
  it('shows a bar of bytes done, parts, bytes and the rate of this run', () => {
    // Act
    const line = renderUploadProgress(
      {
        bytesDone: 50e6,
        bytesTotal: 100e6,
        bytesSent: 20e6,
        partsDone: 6,
        partCount: 12,
        elapsedMs: 2000,
      },
      10,
    );

    // Assess
    expect(line).toBe('█████░░░░░  50%  6/12 parts  50.0 MB/100.0 MB  10.0 MB/s');
  });

  it('shows an empty file as done once its one part is', () => {
    const line = renderUploadProgress(
      { bytesDone: 0, bytesTotal: 0, bytesSent: 0, partsDone: 1, partCount: 1, elapsedMs: 5 },
      4,
    );
    expect(line.startsWith('████ 100%  1/1 parts')).toBe(true);
  });
});

describe('Function: describeUpload', () => {
  it('sums up a completed upload with its parts and verified checksum', () => {
    expect(describeUpload(result()).split('\n')).toEqual([
      '✓ uploaded 115.3 MB to s3://incoming-data/exports/big.bin in 4.0 s (18.4 MB/s sent)',
      '  14 part(s) of 8 MiB: 5 reused, 9 sent',
      '  checksum SHp3sw==-14 (CRC32, matches the local file)',
      '',
    ]);
  });

  it('counts parts re-sent after a checksum mismatch', () => {
    expect(describeUpload(result({ partsMismatched: 2 }))).toContain(
      '5 reused, 9 sent (2 re-sent after a checksum mismatch)',
    );
  });

  it('tells how to resume an interrupted upload', () => {
    expect(describeUpload(result({ state: 'interrupted', partsReused: 0, partsSent: 4 }))).toBe(
      [
        'interrupted: s3://incoming-data/exports/big.bin, 4 of 14 part(s) uploaded',
        '  the upload upload-7 stays open: run the same command again to resume it (or add --abort to start afresh)',
        '',
      ].join('\n'),
    );
  });
});

describe('Help', () => {
  it.each(Object.keys(COMMAND_HELP))('shows usage, examples and exit statuses for %s', (name) => {
    const help = COMMAND_HELP[name] ?? '';
    expect(help).toMatch(new RegExp(`^Usage: chunkline ${name}`));
    expect(help).toContain(`\nExamples:\n  chunkline ${name}`);
    expect(help).toContain('--json');
    expect(help).toContain('Exit status:');
  });

  it('lists every command in the overview', () => {
    for (const name of Object.keys(COMMAND_HELP)) expect(USAGE).toContain(`\n  ${name}`);
  });
});
