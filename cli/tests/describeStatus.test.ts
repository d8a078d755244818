import { describe, expect, it } from 'vitest';
import { describeStatus } from '../src/commands/statusCommand.ts';
import { JOB_ID, chunkFailure, jobStatus } from './helpers/factories.ts';

const HEADER = `job ${JOB_ID}  s3://incoming-data/exports/may report.csv`;

describe('Function: describeStatus', () => {
  it('shows only the job and its source while nothing has been read', () => {
    // Prepare
    const status = jobStatus({ state: 'planned', rows: { in: 0, out: 0, rejected: 0 } });

    // Act
    const text = describeStatus(status);

    // Assess
    expect(text).toBe(`${HEADER}\n`);
  });

  it('adds row counts and bytes written once rows have been read', () => {
    // Act
    const text = describeStatus(jobStatus());

    // Assess
    expect(text).toBe(`${HEADER}\nrows in 5000000, out 4999990, rejected 10; 500.0 MB written\n`);
  });

  it('names the output of a succeeded job', () => {
    // Prepare
    const status = jobStatus({
      state: 'succeeded',
      rows: { in: 0, out: 0, rejected: 0 },
      bytes: { in: 0, out: 0 },
    });

    // Act
    const text = describeStatus(status);

    // Assess
    expect(text).toBe(
      [
        HEADER,
        'rows in 0, out 0, rejected 0; 0 B written',
        'output s3://processed-data/output/exports/may report.csv',
        '',
      ].join('\n'),
    );
  });

  it('lists the reason and each chunk error with its chunk, byte offset, line and attempts', () => {
    // Prepare
    const status = jobStatus({
      state: 'failed',
      chunks: { total: 16, done: 14, failed: 2 },
      reason: 'chunk 7 failed after 5 attempts',
      errors: [
        chunkFailure(),
        chunkFailure({
          index: 2,
          code: 'Transient',
          message: 'S3 throttled the read',
          offset: undefined,
          line: undefined,
          attempts: 1,
          final: false,
        }),
        chunkFailure({ index: 12, code: 'BadJson', message: 'unexpected end', line: undefined }),
        chunkFailure({ index: 0, offset: 0, line: 1, attempts: 2, final: false }),
      ],
    });

    // Act
    const text = describeStatus(status);

    // Assess
    expect(text.split('\n')).toEqual([
      HEADER,
      'rows in 5000000, out 4999990, rejected 10; 500.0 MB written',
      'failed: chunk 7 failed after 5 attempts',
      '  chunk 7, byte 469762100, line 4900123: BadRecord: unterminated quoted field (attempt 5, final)',
      '  chunk 2: Transient: S3 throttled the read (attempt 1)',
      '  chunk 12, byte 469762100: BadJson: unexpected end (attempt 5, final)',
      '  chunk 0, byte 0, line 1: BadRecord: unterminated quoted field (attempt 2)',
      '',
    ]);
  });

  it('does not name an output for a failed job', () => {
    // Act
    const text = describeStatus(jobStatus({ state: 'failed', reason: 'source changed' }));

    // Assess
    expect(text).not.toContain('output s3://');
    expect(text).toContain('\nfailed: source changed\n');
  });

  it('sums up the objects of a prefix job and names the object of each failed chunk', () => {
    // Prepare
    const status = jobStatus({
      state: 'failed',
      rows: { in: 0, out: 0, rejected: 0 },
      objects: [
        { key: 'p/a.csv', chunks: { total: 2, done: 2, failed: 0 } },
        { key: 'p/b.csv.gz', chunks: { total: 1, done: 0, failed: 1 } },
        { key: 'p/c.csv', chunks: { total: 3, done: 1, failed: 0 } },
      ],
      errors: [chunkFailure({ index: 2, object: 'p/b.csv.gz' })],
    });

    // Act
    const text = describeStatus(status);

    // Assess
    expect(text).toContain('objects 3: 1 done, 1 failed, 1 in progress\n');
    expect(text).toContain('  object p/b.csv.gz, chunk 2, byte 469762100, line 4900123: BadRecord');
  });
});
