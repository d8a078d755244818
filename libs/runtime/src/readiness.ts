/** One dependency a service needs to do its work: its queue, its staging bucket. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolve when the dependency answers; reject (or honour `signal`) otherwise. */
  run(signal: AbortSignal): Promise<void>;
}

/** What `/readyz` answers: ready when every check passed; each check's result or reason. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

/** Default time a check may take before it counts as failed. */
export const READINESS_TIMEOUT_MS = 2000;
/** Default time an answer is reused, so probes never load the queue or the bucket. */
export const READINESS_CACHE_MS = 5000;

/**
 * A readiness probe over these checks: they run together, each failing after `timeoutMs`
 * (default 2 s), and the answer is cached for `cacheMs` (default 5 s); callers arriving
 * while checks run share them.
 */
export function readinessProbe(
  checks: readonly ReadinessCheck[],
  options: { timeoutMs?: number; cacheMs?: number; now?: () => number } = {},
): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  const cacheMs = options.cacheMs ?? READINESS_CACHE_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; report: ReadinessReport } | undefined;
  let running: Promise<ReadinessReport> | undefined;
  const runAll = async (): Promise<ReadinessReport> => {
    const results = await Promise.all(
      checks.map(async (check): Promise<[string, string]> => {
        const signal = AbortSignal.timeout(timeoutMs);
        try {
          await Promise.race([
            check.run(signal),
            new Promise<never>((_, reject) =>
              signal.addEventListener('abort', () =>
                reject(new Error(`no answer within ${timeoutMs} ms`)),
              ),
            ),
          ]);
          return [check.name, 'ok'];
        } catch (error) {
          return [check.name, error instanceof Error ? error.message : String(error)];
        }
      }),
    );
    return {
      ready: results.every(([, result]) => result === 'ok'),
      checks: Object.fromEntries(results),
    };
  };
  return async () => {
    if (cached && now() - cached.at < cacheMs) return cached.report;
    running ??= runAll().then((report) => {
      cached = { at: now(), report };
      running = undefined;
      return report;
    });
    return running;
  };
}
