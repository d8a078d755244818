import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadinessReport } from './readiness.ts';

/** A running health endpoint. */
export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/** What the endpoint serves besides `/healthz`. */
export interface HealthServerOptions {
  /** `/readyz`: the readiness report (cached by the probe); absent means always ready. */
  readonly ready?: () => Promise<ReadinessReport>;
  /** `/metrics`: the Prometheus text exposition; absent means 404. */
  readonly metrics?: () => Promise<{ contentType: string; text: string }>;
}

const json = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * Serve the service's endpoints on one port (0 picks a free one):
 * - `GET /healthz`: alive; 200 with the service's state while it runs, 503 once it drains;
 * - `GET /readyz`: 200 when it can reach its queue and bucket (and is not draining), else
 *   503 with the reason of each failed check;
 * - `GET /metrics`: Prometheus text format.
 */
export async function startHealthServer(
  port: number,
  state: () => { healthy: boolean; [key: string]: unknown },
  options: HealthServerOptions = {},
): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (path === '/healthz') {
      const body = state();
      json(response, body.healthy ? 200 : 503, body);
      return;
    }
    if (path === '/readyz') {
      const alive = state().healthy;
      const probe = options.ready ?? (async () => ({ ready: true, checks: {} }));
      probe().then(
        (report) => {
          const ready = alive && report.ready;
          json(response, ready ? 200 : 503, {
            ...report,
            ready,
            ...(alive ? {} : { draining: true }),
          });
        },
        (error: unknown) => json(response, 503, { ready: false, reason: String(error) }),
      );
      return;
    }
    if (path === '/metrics' && options.metrics) {
      options.metrics().then(
        ({ contentType, text }) =>
          response.writeHead(200, { 'content-type': contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
