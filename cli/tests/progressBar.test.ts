import { describe, expect, it } from 'vitest';
import { formatBytes, isFinished, renderProgress } from '../src/progressBar.ts';
import { jobStatus } from './helpers/factories.ts';

const bar = (filled: number, width = 30): string => '█'.repeat(filled) + '░'.repeat(width - filled);

describe('Function: renderProgress', () => {
  it.each([
    {
      name: 'a planned job with nothing read',
      status: jobStatus({
        state: 'planned',
        chunks: { total: 16, done: 0, failed: 0 },
        bytes: { in: 0, out: 0 },
        timings: { createdAt: '2024-05-01T12:00:01.000Z', elapsedMs: 500 },
      }),
      line: `${bar(0)}   0%  0/16 chunks  0 B/1.07 GB  0.0 MB/s  planned`,
    },
    {
      name: 'a running job half done',
      status: jobStatus(),
      line: `${bar(15)}  50%  8/16 chunks  536.9 MB/1.07 GB  53.7 MB/s  running`,
    },
    {
      name: 'a job whose chunks are all done, merging',
      status: jobStatus({
        state: 'merging',
        chunks: { total: 16, done: 16, failed: 0 },
        bytes: { in: 1_073_741_824, out: 1_000_000_000 },
        timings: { createdAt: '2024-05-01T12:00:01.000Z', elapsedMs: 20_000 },
      }),
      line: `${bar(30)} 100%  16/16 chunks  1.07 GB/1.07 GB  53.7 MB/s  merging`,
    },
    {
      name: 'a succeeded job, counted as the whole source even if bytes.in lags',
      status: jobStatus({
        state: 'succeeded',
        chunks: { total: 16, done: 15, failed: 0 },
        bytes: { in: 0, out: 1_000_000_000 },
        timings: { createdAt: '2024-05-01T12:00:01.000Z', elapsedMs: 25_000 },
      }),
      line: `${bar(30)} 100%  15/16 chunks  1.07 GB/1.07 GB  42.9 MB/s  succeeded`,
    },
    {
      name: 'a failed job, with its failure count',
      status: jobStatus({
        state: 'failed',
        chunks: { total: 16, done: 15, failed: 1 },
        bytes: { in: 1_006_632_960, out: 990_000_000 },
        timings: { createdAt: '2024-05-01T12:00:01.000Z', elapsedMs: 179_000 },
      }),
      line: `${bar(28)}  93%  15/16 chunks  1.01 GB/1.07 GB  5.6 MB/s  failed  1 failed`,
    },
    {
      name: 'a running job with failed attempts',
      status: jobStatus({ chunks: { total: 16, done: 4, failed: 2 } }),
      line: `${bar(7)}  25%  4/16 chunks  536.9 MB/1.07 GB  53.7 MB/s  running  2 failed`,
    },
    {
      name: 'a job of 0 total chunks',
      status: jobStatus({
        state: 'planned',
        source: { bucket: 'b', key: 'empty.csv', etag: '"e"', size: 0 },
        chunks: { total: 0, done: 0, failed: 0 },
        bytes: { in: 0, out: 0 },
      }),
      line: `${bar(0)}   0%  0/0 chunks  0 B/0 B  0.0 MB/s  planned`,
    },
  ])('renders $name', ({ status, line }) => {
    // Act
    const rendered = renderProgress(status);

    // Assess
    expect(rendered).toBe(line);
  });

  it('draws a bar of the width asked for', () => {
    // Act
    const rendered = renderProgress(jobStatus(), 10);

    // Assess
    expect(rendered.startsWith(`${bar(5, 10)}  50%`)).toBe(true);
  });

  it('never divides by a zero elapsed time', () => {
    // Prepare
    const status = jobStatus({
      bytes: { in: 1_000_000, out: 0 },
      timings: { createdAt: '2024-05-01T12:00:01.000Z', elapsedMs: 0 },
    });

    // Act
    const rendered = renderProgress(status);

    // Assess: the elapsed time is floored at 1 ms.
    expect(rendered).toContain('  1000.0 MB/s  ');
  });
});

describe('Function: formatBytes', () => {
  it.each([
    { bytes: 0, text: '0 B' },
    { bytes: 512, text: '512 B' },
    { bytes: 999, text: '999 B' },
    { bytes: 1_000, text: '1.0 kB' },
    { bytes: 65_536, text: '65.5 kB' },
    { bytes: 1_000_000, text: '1.0 MB' },
    { bytes: 35_000_000, text: '35.0 MB' },
    { bytes: 999_000_000, text: '999.0 MB' },
    { bytes: 1_000_000_000, text: '1.00 GB' },
    { bytes: 1_200_000_000, text: '1.20 GB' },
    { bytes: 5 * 1024 ** 4, text: '5497.56 GB' },
  ])('shows $bytes bytes as "$text"', ({ bytes, text }) => {
    // Act
    const shown = formatBytes(bytes);

    // Assess
    expect(shown).toBe(text);
  });
});

describe('Function: isFinished', () => {
  it.each([
    { state: 'planned', finished: false },
    { state: 'running', finished: false },
    { state: 'merging', finished: false },
    { state: 'succeeded', finished: true },
    { state: 'failed', finished: true },
  ] as const)('says a $state job is finished: $finished', ({ state, finished }) => {
    // Act
    const result = isFinished(jobStatus({ state }));

    // Assess
    expect(result).toBe(finished);
  });
});
