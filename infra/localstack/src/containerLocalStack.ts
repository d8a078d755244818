import { LOCALSTACK_IMAGE, LOCALSTACK_SERVICES } from './constants.ts';
import { waitForLocalStackHealth } from './health.ts';
import type { LocalStackHandle, LogLine } from './types.ts';

/**
 * Starts `localstack/localstack:<version>` with testcontainers (S3 and SQS only) and waits until both are ready.
 * Queue URLs use `SQS_ENDPOINT_STRATEGY=dynamic`, so they carry the host and mapped port the client used,
 * e.g. `http://localhost:32771/queue/us-east-1/000000000000/<name>`. testcontainers' reaper removes the container
 * if this process dies without calling `stop()`.
 */
export async function startContainerLocalStack(log: LogLine): Promise<LocalStackHandle> {
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  log(`starting container ${LOCALSTACK_IMAGE} with testcontainers`);
  const container = await new LocalstackContainer(LOCALSTACK_IMAGE)
    .withEnvironment({
      SERVICES: LOCALSTACK_SERVICES.join(','),
      SQS_ENDPOINT_STRATEGY: 'dynamic',
      DISABLE_EVENTS: '1',
      SKIP_SSL_CERT_DOWNLOAD: '1',
    })
    .start();
  const endpoint = container.getConnectionUri();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    return (stopping ??= container.stop().then(() => undefined));
  };
  try {
    await waitForLocalStackHealth(endpoint, { timeoutMs: 60_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, source: 'testcontainers', stop };
}
