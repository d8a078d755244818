import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceMetrics, startHealthServer } from '../src/index.ts';
import type { HealthServer } from '../src/index.ts';

interface Reply {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** One request to the local server, on a fresh connection (no keep-alive to hold it open). */
function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Function: startHealthServer', () => {
  let server: HealthServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('picks a free port when given port 0', async () => {
    // Act
    server = await startHealthServer(0, () => ({ healthy: true }));

    // Assess
    expect(server.port).toBeGreaterThan(0);
    expect(server.port).toBeLessThanOrEqual(65_535);
  });

  it('answers /healthz with 200 and the state as JSON while healthy', async () => {
    // Prepare
    server = await startHealthServer(0, () => ({ healthy: true, inFlight: 2, queue: 'chunk' }));

    // Act
    const reply = await get(server.port, '/healthz');

    // Assess
    expect(reply).toEqual({
      status: 200,
      contentType: 'application/json',
      body: '{"healthy":true,"inFlight":2,"queue":"chunk"}',
    });
  });

  it('answers 503 with the state once the service is unhealthy, reading the state on each request', async () => {
    // Prepare
    let healthy = true;
    server = await startHealthServer(0, () => ({ healthy, draining: !healthy }));
    const before = await get(server.port, '/healthz');

    // Act
    healthy = false;
    const after = await get(server.port, '/healthz');

    // Assess
    expect(before.status).toBe(200);
    expect(after).toEqual({
      status: 503,
      contentType: 'application/json',
      body: '{"healthy":false,"draining":true}',
    });
  });

  it.each(['/', '/health', '/healthz/', '/healthzz', '/metrics'])(
    'answers %s with 404 and an empty body',
    async (path) => {
      // Prepare
      server = await startHealthServer(0, () => ({ healthy: true }));

      // Act
      const reply = await get(server.port, path);

      // Assess
      expect(reply.status).toBe(404);
      expect(reply.body).toBe('');
    },
  );

  it.each([
    { report: { ready: true, checks: { 'queue q': 'ok' } }, status: 200 },
    { report: { ready: false, checks: { 'queue q': 'GetQueueAttributes failed' } }, status: 503 },
  ])('answers /readyz with $status and the report', async ({ report, status }) => {
    // Prepare
    server = await startHealthServer(0, () => ({ healthy: true }), {
      ready: async () => report,
    });

    // Act
    const reply = await get(server.port, '/readyz');

    // Assess
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body)).toEqual(report);
  });

  it('answers /readyz with 503 while draining, even when its dependencies answer', async () => {
    // Prepare
    server = await startHealthServer(0, () => ({ healthy: false }), {
      ready: async () => ({ ready: true, checks: {} }),
    });

    // Act
    const reply = await get(server.port, '/readyz');

    // Assess
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toEqual({ ready: false, checks: {}, draining: true });
  });

  it('answers /readyz with 200 when it has nothing to check', async () => {
    // Prepare
    server = await startHealthServer(0, () => ({ healthy: true }));

    // Act
    const reply = await get(server.port, '/readyz');

    // Assess
    expect(reply.status).toBe(200);
  });

  it('serves /metrics in the Prometheus text format', async () => {
    // Prepare
    const metrics = createServiceMetrics('processor');
    metrics.heartbeat('chunk');
    server = await startHealthServer(0, () => ({ healthy: true }), {
      metrics: () => metrics.exposition(),
    });

    // Act
    const reply = await get(server.port, '/metrics');

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(reply.body).toContain('chunkline_heartbeats_total{queue="chunk",service="processor"} 1');
  });

  it('refuses connections once closed', async () => {
    // Prepare
    const started = await startHealthServer(0, () => ({ healthy: true }));
    await get(started.port, '/healthz');

    // Act
    await started.close();

    // Assess
    await expect(get(started.port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('fails to start on a port that is already taken', async () => {
    // Prepare
    server = await startHealthServer(0, () => ({ healthy: true }));

    // Act
    const second = startHealthServer(server.port, () => ({ healthy: true }));

    // Assess
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
