import { ENDPOINT_ENV_VAR } from './constants.ts';
import { startContainerLocalStack } from './containerLocalStack.ts';
import { isContainerRuntimeAvailable } from './dockerAvailable.ts';
import { useEnvironmentLocalStack } from './environmentLocalStack.ts';
import { startHostLocalStack } from './hostLocalStack.ts';
import { findRepoRoot } from './repoRoot.ts';
import type { LocalStackHandle, LogLine } from './types.ts';

/** Options for {@link resolveLocalStack}. */
export interface ResolveLocalStackOptions {
  /** Receives progress lines (which source was chosen, pip output, the log file path). Default: discard. */
  readonly log?: LogLine;
}

/**
 * Returns a LocalStack with S3 and SQS ready, trying in order:
 * 1. `CHUNKLINE_LOCALSTACK_ENDPOINT`, if set: used as is (after a health check); `stop()` is a no-op.
 * 2. A container engine, if one answers within 1.5 s: `localstack/localstack:4.14.0` via testcontainers.
 * 3. The host: `localstack-core` from a venv in `<repoRoot>/.localstack/venv` (built on first use), as a child process.
 *
 * Call `stop()` on the result when done (e.g. in a vitest global teardown).
 */
export async function resolveLocalStack(
  options: ResolveLocalStackOptions = {},
): Promise<LocalStackHandle> {
  const log: LogLine = (line) => options.log?.(line);
  const fromEnv = process.env[ENDPOINT_ENV_VAR];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    log(`using ${ENDPOINT_ENV_VAR}=${fromEnv}`);
    return useEnvironmentLocalStack(fromEnv.trim());
  }
  if (await isContainerRuntimeAvailable()) {
    return startContainerLocalStack(log);
  }
  log('no container engine answered; running LocalStack on the host');
  return startHostLocalStack({ repoRoot: findRepoRoot(), log });
}
