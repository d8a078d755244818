import { silentLogger } from '@chunkline/contracts';
import { describe, expect, it } from 'vitest';
import { createServiceMetrics, recordChunk, recordMerge } from '../src/index.ts';
import type { ServiceMetrics } from '../src/index.ts';

/** The value of one series in the exposition, whatever the order of its labels (0 when absent). */
async function valueOf(metrics: ServiceMetrics, series: string): Promise<number> {
  const canonical = (s: string): string => {
    const [, name, labels = ''] = /^([^{]+)(?:\{(.*)\})?$/.exec(s) ?? [];
    return `${name}{${labels.split(',').sort().join(',')}}`;
  };
  const { text } = await metrics.exposition();
  const wanted = canonical(series);
  const line = text
    .split('\n')
    .find((l) => l.includes(' ') && canonical(l.slice(0, l.lastIndexOf(' '))) === wanted);
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const S = 'service="processor"';

describe('Function: recordChunk', () => {
  it('records the figures a processed chunk logged, and its byte range', async () => {
    // Prepare
    const metrics = createServiceMetrics('processor');

    // Act
    const outcome = await recordChunk(metrics, silentLogger, 1000, async (log) => {
      log.child({ jobId: 'j', chunk: 0 }).info('chunk.processed', {
        rowsIn: 10,
        rowsOut: 7,
        partBytes: 300,
      });
      return { kind: 'processed' as const };
    });

    // Assess
    expect(outcome).toEqual({ kind: 'processed' });
    expect(await valueOf(metrics, `chunkline_chunks_processed_total{${S}}`)).toBe(1);
    expect(await valueOf(metrics, `chunkline_rows_in_total{${S}}`)).toBe(10);
    expect(await valueOf(metrics, `chunkline_rows_out_total{${S}}`)).toBe(7);
    expect(await valueOf(metrics, `chunkline_bytes_in_total{${S}}`)).toBe(1000);
    expect(await valueOf(metrics, `chunkline_bytes_out_total{${S}}`)).toBe(300);
    expect(await valueOf(metrics, `chunkline_chunk_duration_seconds_count{${S}}`)).toBe(1);
  });

  it('prefers figures the outcome carries over logged ones', async () => {
    // Prepare
    const metrics = createServiceMetrics('processor');

    // Act
    await recordChunk(metrics, silentLogger, 1000, async (log) => {
      log.info('chunk.processed', { rowsIn: 1, rowsOut: 1, partBytes: 1 });
      return { kind: 'processed', rowsIn: 5, rowsOut: 4, bytesIn: 900, bytesOut: 80 };
    });

    // Assess
    expect(await valueOf(metrics, `chunkline_rows_in_total{${S}}`)).toBe(5);
    expect(await valueOf(metrics, `chunkline_bytes_in_total{${S}}`)).toBe(900);
    expect(await valueOf(metrics, `chunkline_bytes_out_total{${S}}`)).toBe(80);
  });

  it.each([
    {
      outcome: { kind: 'duplicate' },
      series: `chunkline_chunks_skipped_total{reason="duplicate",${S}}`,
    },
    {
      outcome: { kind: 'job-failed', reason: 'the job has already ended' },
      series: `chunkline_chunks_skipped_total{reason="job-ended",${S}}`,
    },
    {
      outcome: { kind: 'job-failed', reason: 'the source object changed' },
      series: `chunkline_chunks_failed_total{kind="job-failed",${S}}`,
    },
  ])('counts $outcome.kind ($outcome.reason) as $series', async ({ outcome, series }) => {
    // Prepare
    const metrics = createServiceMetrics('processor');

    // Act
    await recordChunk(metrics, silentLogger, 10, async () => outcome);

    // Assess
    expect(await valueOf(metrics, series)).toBe(1);
    expect(await valueOf(metrics, `chunkline_chunks_processed_total{${S}}`)).toBe(0);
  });

  it('counts a throw as a retried failure and rethrows it', async () => {
    // Prepare
    const metrics = createServiceMetrics('processor');

    // Act
    const run = recordChunk(metrics, silentLogger, 10, async () => {
      throw new Error('boom');
    });

    // Assess
    await expect(run).rejects.toThrow('boom');
    expect(await valueOf(metrics, `chunkline_chunks_failed_total{kind="retried",${S}}`)).toBe(1);
  });
});

describe('Function: recordMerge', () => {
  it('records the merge duration by outcome and the output bytes', async () => {
    // Prepare
    const metrics = createServiceMetrics('merger');

    // Act
    await recordMerge(metrics, async () => ({ kind: 'merged', outputBytes: 1234 }));

    // Assess
    expect(
      await valueOf(
        metrics,
        'chunkline_merge_duration_seconds_count{outcome="merged",service="merger"}',
      ),
    ).toBe(1);
    expect(await valueOf(metrics, 'chunkline_bytes_out_total{service="merger"}')).toBe(1234);
  });
});

describe('Function: createServiceMetrics', () => {
  it('names every Chunkline metric with its unit and keeps job ids out of the labels', async () => {
    // Prepare
    const metrics = createServiceMetrics('processor');
    metrics.messageReceived('chunk', 0.5);

    // Act
    const { text } = await metrics.exposition();
    const names = [...text.matchAll(/^# TYPE (chunkline_\S+) (\S+)$/gm)].map(([, n, t]) => [n, t]);

    // Assess
    for (const [name, type] of names)
      expect(name).toMatch(type === 'histogram' ? /_seconds$/ : /_total$/);
    expect(text).not.toMatch(/jobId|job_id/);
    expect(
      await valueOf(metrics, `chunkline_queue_receive_lag_seconds_count{queue="chunk",${S}}`),
    ).toBe(1);
  });
});
