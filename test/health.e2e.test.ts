import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { ServiceProcess } from '@chunkline/local-run';
import { generateCsv } from '@chunkline/sample-data';
import { describe, expect, it } from 'vitest';
import { createHarness, waitForJob } from './support/harness.ts';
import { eventually, readLog, sqsClient } from './support/inspect.ts';

/** Chunks of the smallest allowed size, from the first byte: a small file makes many chunks. */
const SMALL_CHUNKS = { CHUNKLINE_CHUNK_SIZE: '64KiB', CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0' };

/** The health port a service logged when it started (it listens on a free port). */
async function healthPort(service: ServiceProcess): Promise<number> {
  return eventually(`${service.name} to log its health port`, () => {
    const started = readLog(service.logFile).find((line) => line.event === 'service.started');
    return typeof started?.['healthPort'] === 'number' ? started['healthPort'] : undefined;
  });
}

/** GET one endpoint of a service: status and body. */
async function get(
  port: number,
  path: string,
): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

/** One series' value in a Prometheus exposition, summed over its label sets (0 when absent). */
function metric(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`));
    if (has) sum += Number(match[3]);
  }
  return sum;
}

/** Generated sample rows (quoted commas, quotes and newlines included), about `bytes` long. */
function sampleCsv(bytes: number): Buffer {
  return Buffer.concat([...generateCsv({ seed: 7, targetBytes: bytes })]);
}

describe('Health, readiness and metrics endpoints', () => {
  it('answers /healthz and /readyz on every service, and /metrics counts a job’s chunks and rows', async () => {
    // Prepare
    const harness = await createHarness(SMALL_CHUNKS, { processors: 1 });
    try {
      const pipeline = harness.pipeline;
      if (!pipeline) throw new Error('the harness started no services');
      const services = pipeline.services; // dispatcher, processor, merger
      const ports = await Promise.all(services.map(healthPort));

      // Act
      const health = await Promise.all(ports.map((port) => get(port, '/healthz')));
      const ready = await Promise.all(ports.map((port) => get(port, '/readyz')));
      const source = { bucket: harness.resources.buckets.source, key: 'in/metrics.csv' };
      await harness.store.put(source, sampleCsv(400 * 1024), 'text/csv');
      const status = await waitForJob(harness, source);
      // An event naming keys that would lead outside their prefix, or too long, is refused.
      const refused = ['in/../escape.csv', `in/${'x'.repeat(1100)}.csv`];
      await sqsClient(harness).send(
        new SendMessageCommand({
          QueueUrl: harness.resources.queues.ingest.url,
          MessageBody: JSON.stringify({
            Records: refused.map((key) => ({
              eventName: 'ObjectCreated:Put',
              s3: { bucket: { name: source.bucket }, object: { key: encodeURIComponent(key) } },
            })),
          }),
        }),
      );
      const rejections = await eventually('the dispatcher to refuse both keys', () => {
        const lines = readLog(services[0]?.logFile ?? '').filter(
          (line) => line.event === 'ingest.key-rejected',
        );
        return lines.length === 2 ? lines : undefined;
      });
      const [dispatcher, processor, merger] = await Promise.all(
        ports.map((port) => get(port, '/metrics')),
      );

      // Assess: alive and ready, with every check named
      expect(health.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(ready.map((r) => r.status)).toEqual([200, 200, 200]);
      for (const reply of ready) {
        const report = JSON.parse(reply.body) as { ready: boolean; checks: Record<string, string> };
        expect(report.ready).toBe(true);
        expect(Object.values(report.checks).every((result) => result === 'ok')).toBe(true);
        expect(Object.keys(report.checks).some((name) => name.startsWith('bucket '))).toBe(true);
      }
      // Assess: the counters are the job's figures
      expect(status.state).toBe('succeeded');
      expect(status.chunks.total).toBeGreaterThan(3);
      expect(processor?.type).toMatch(/^text\/plain/);
      const p = processor?.body ?? '';
      expect(metric(p, 'chunkline_chunks_processed_total')).toBe(status.chunks.total);
      expect(metric(p, 'chunkline_rows_in_total')).toBe(status.rows.in);
      expect(metric(p, 'chunkline_rows_out_total')).toBe(status.rows.out);
      // Bytes in count each chunk's byte range: the object without its CSV header line.
      const header = sampleCsv(1).indexOf('\n') + 1;
      expect(metric(p, 'chunkline_bytes_in_total')).toBe(status.bytes.in - header);
      expect(metric(p, 'chunkline_chunk_duration_seconds_count')).toBe(status.chunks.total);
      expect(metric(p, 'chunkline_chunks_failed_total')).toBe(0);
      expect(metric(p, 'chunkline_queue_receive_lag_seconds_count', { queue: 'chunk' })).toBe(
        status.chunks.total,
      );
      expect(metric(p, 'chunkline_messages_total', { outcome: 'acknowledged' })).toBe(
        status.chunks.total,
      );
      expect(metric(p, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      const d = dispatcher?.body ?? '';
      expect(metric(d, 'chunkline_jobs_dispatched_total')).toBe(1);
      expect(metric(d, 'chunkline_chunks_planned_total')).toBe(status.chunks.total);
      expect(rejections.map((line) => [line.level, line['reason']])).toEqual([
        ['warn', 'dot-segment'],
        ['warn', 'too-long'],
      ]);
      expect(metric(d, 'chunkline_objects_rejected_total', { reason: 'dot-segment' })).toBe(1);
      expect(metric(d, 'chunkline_objects_rejected_total', { reason: 'too-long' })).toBe(1);
      const m = merger?.body ?? '';
      expect(metric(m, 'chunkline_merge_duration_seconds_count', { outcome: 'merged' })).toBe(1);
      expect(metric(m, 'chunkline_bytes_out_total')).toBe(status.bytes.out);
      expect(`${d}${p}${m}`).not.toContain(status.jobId);
    } finally {
      await harness.close();
    }
  });

  it('is alive but not ready when its queue does not exist, naming the queue', async () => {
    // Prepare
    const harness = await createHarness({}, { startServices: false });
    try {
      const missing = `${harness.resources.endpoint}/000000000000/no-such-queue-${Date.now()}`;
      const processor = harness.startService('processor', 'processor-missing-queue', {
        CHUNKLINE_CHUNK_QUEUE_URL: missing,
      });
      const port = await healthPort(processor);

      // Act
      const health = await get(port, '/healthz');
      const ready = await get(port, '/readyz');

      // Assess
      expect(health.status).toBe(200);
      expect(ready.status).toBe(503);
      const report = JSON.parse(ready.body) as { ready: boolean; checks: Record<string, string> };
      expect(report.ready).toBe(false);
      expect(report.checks[`queue ${missing.slice(missing.lastIndexOf('/') + 1)}`]).toContain(
        `GetQueueAttributes ${missing} failed`,
      );
      expect(Object.entries(report.checks).filter(([, r]) => r === 'ok').length).toBe(2);
    } finally {
      await harness.close();
    }
  });
});
