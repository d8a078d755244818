import { readFile } from 'node:fs/promises';

/** Wait until a service's log says `service.started` (or fail after `timeoutMs`). */
export async function waitForStarted(logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    if (text.includes('"event":"service.started"')) return;
    if (Date.now() > deadline)
      throw new Error(`bench: ${logFile} shows no service.started within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The request counts a stopped service logged (`service.requests`), or empty. */
export async function loggedRequests(logFile: string): Promise<Record<string, number>> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  for (const line of text.split('\n').reverse()) {
    if (!line.includes('"event":"service.requests"')) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(entry).flatMap(([k, v]) =>
        /^(S3|SQS)\./.test(k) && typeof v === 'number' ? [[k, v]] : [],
      ),
    );
  }
  return {};
}

/** Add up request counts. */
export function sumCounts(
  counts: readonly Readonly<Record<string, number>>[],
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(total).sort(([a], [b]) => a.localeCompare(b)));
}
