import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Set to `1` to count every HTTP request the S3 and SQS clients send (retries included),
 * by client and command, and the bytes GetObject fetched. Off by default: the benchmark
 * sets it on the services it starts, which log the totals when they stop.
 */
export const COUNT_REQUESTS_ENV = 'COUNT_AWS_REQUESTS';

const counts = new Map<string, number>();

/** Whether `COUNT_AWS_REQUESTS=1` is set in this process's environment. */
export function countingRequests(): boolean {
  return process.env[COUNT_REQUESTS_ENV] === '1';
}

function add(name: string, by: number): void {
  counts.set(name, (counts.get(name) ?? 0) + by);
}

function contentLength(response: unknown): number {
  const headers = (response as { headers?: Record<string, string | undefined> } | undefined)
    ?.headers;
  const value = Number(headers?.['content-length'] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Count the requests `client` sends, as `<client>.<command>` (e.g. `S3.GetObject`), plus
 * `S3.GetObject.bytes`: the content-length of each GetObject response. The middleware sits
 * in the deserialize step, inside the retry loop, so every attempt counts.
 */
export function countRequests(client: S3Client | SQSClient, name: 'S3' | 'SQS'): void {
  // Both clients share the same middleware stack types at runtime; one cast covers both.
  (client as S3Client).middlewareStack.add(
    (next, context) => async (args) => {
      const command = `${name}.${context.commandName?.replace(/Command$/, '') ?? 'Unknown'}`;
      add(command, 1);
      const result = await next(args);
      if (command === 'S3.GetObject') add(`${command}.bytes`, contentLength(result.response));
      return result;
    },
    { step: 'deserialize', name: 'chunklineRequestCounter', priority: 'high' },
  );
}

/** The counts so far, sorted by name; empty when counting is off. */
export function requestCounts(): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
