import { ENDPOINT_ENV_VAR, LOCALSTACK_SERVICES } from './constants.ts';
import { normalizeEndpoint, waitForLocalStackHealth } from './health.ts';
import type { LocalStackHandle } from './types.ts';

/**
 * Uses the LocalStack named by `CHUNKLINE_LOCALSTACK_ENDPOINT` after checking (for up to `timeoutMs`, default 10 s,
 * to ride out a compose service that is still starting) that its S3 and SQS are ready. `stop()` does nothing:
 * whoever started that LocalStack owns it.
 */
export async function useEnvironmentLocalStack(
  rawEndpoint: string,
  timeoutMs = 10_000,
): Promise<LocalStackHandle> {
  let endpoint: string;
  try {
    const url = new URL(rawEndpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`unsupported protocol ${url.protocol}`);
    endpoint = normalizeEndpoint(url.origin + url.pathname);
  } catch (error) {
    throw new Error(
      `${ENDPOINT_ENV_VAR}=${rawEndpoint} is not an http(s) URL (${error instanceof Error ? error.message : String(error)}). ` +
        `Set it like http://127.0.0.1:4566, or unset it to let Chunkline start LocalStack itself.`,
    );
  }
  try {
    await waitForLocalStackHealth(endpoint, { timeoutMs, intervalMs: 500 });
  } catch (error) {
    throw new Error(
      `${ENDPOINT_ENV_VAR}=${rawEndpoint} but that LocalStack is not usable: ${error instanceof Error ? error.message : String(error)}. ` +
        `Start LocalStack there with SERVICES=${LOCALSTACK_SERVICES.join(',')}, fix the URL, or unset ${ENDPOINT_ENV_VAR} to let Chunkline start one.`,
      { cause: error },
    );
  }
  return { endpoint, source: 'environment', stop: async () => undefined };
}
