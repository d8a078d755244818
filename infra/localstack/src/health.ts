import { setTimeout as sleep } from 'node:timers/promises';
import { LOCALSTACK_SERVICES } from './constants.ts';

/** What `GET /_localstack/health` said about the services Chunkline needs. */
export interface LocalStackHealth {
  /** True when every service in {@link LOCALSTACK_SERVICES} is `available` or `running`. */
  readonly ready: boolean;
  /** State per required service as reported, or `missing` when the service is not listed. */
  readonly services: Readonly<Record<string, string>>;
  /** LocalStack's version string, when reported. */
  readonly version: string | undefined;
}

const READY_STATES = new Set(['available', 'running']);

/** Removes trailing slashes so paths can be appended with `${endpoint}/...`. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

/**
 * Asks LocalStack at `endpoint` for its health once.
 * Throws when it does not answer within `timeoutMs` or answers with something that is not LocalStack's health JSON.
 */
export async function fetchLocalStackHealth(
  endpoint: string,
  timeoutMs = 2_000,
): Promise<LocalStackHealth> {
  const url = `${normalizeEndpoint(endpoint)}/_localstack/health`;
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    throw new Error(`GET ${url} answered HTTP ${response.status}`);
  }
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || !('services' in body)) {
    throw new Error(`GET ${url} did not return LocalStack health JSON (no "services" key)`);
  }
  const reported = body.services;
  const services: Record<string, string> = {};
  for (const name of LOCALSTACK_SERVICES) {
    const state =
      typeof reported === 'object' && reported !== null && name in reported
        ? (reported as Record<string, unknown>)[name]
        : undefined;
    services[name] = typeof state === 'string' ? state : 'missing';
  }
  const version = 'version' in body && typeof body.version === 'string' ? body.version : undefined;
  const ready = Object.values(services).every((state) => READY_STATES.has(state));
  return { ready, services, version };
}

/** Options for {@link waitForLocalStackHealth}. */
export interface WaitForHealthOptions {
  /** Give up after this long. Default 120 s. */
  readonly timeoutMs?: number;
  /** Delay between polls. Default 250 ms. */
  readonly intervalMs?: number;
  /**
   * Called before each poll; throw from it to stop waiting early (e.g. when the process that should answer has exited).
   */
  readonly check?: () => void;
}

/**
 * Polls `GET /_localstack/health` until S3 and SQS are ready.
 * Throws after `timeoutMs` with the last answer or connection error in the message.
 */
export async function waitForLocalStackHealth(
  endpoint: string,
  options: WaitForHealthOptions = {},
): Promise<LocalStackHealth> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    options.check?.();
    try {
      const health = await fetchLocalStackHealth(
        endpoint,
        Math.min(2_000, Math.max(1, deadline - Date.now())),
      );
      if (health.ready) {
        return health;
      }
      lastProblem = `services not ready: ${JSON.stringify(health.services)}`;
    } catch (error) {
      lastProblem = describeFetchError(error);
    }
    if (Date.now() + intervalMs > deadline) {
      throw new Error(
        `LocalStack at ${endpoint} was not ready (s3 and sqs available) within ${Math.round(timeoutMs / 100) / 10} s; last result: ${lastProblem}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** Turns a `fetch` failure into one line, including the network cause (e.g. ECONNREFUSED). */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
