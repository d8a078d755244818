import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running health endpoint. */
export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serve `GET /healthz`: 200 with the service's state while it runs, 503 once it drains.
 * Port 0 picks a free port (the chosen one is logged by the caller).
 */
export async function startHealthServer(
  port: number,
  state: () => { healthy: boolean; [key: string]: unknown },
): Promise<HealthServer> {
  const server = createServer((request, response) => {
    if (request.url !== '/healthz') {
      response.writeHead(404).end();
      return;
    }
    const body = state();
    response
      .writeHead(body.healthy ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
