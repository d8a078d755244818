/**
 * Creates Chunkline's buckets and queues in the LocalStack at `CHUNKLINE_LOCALSTACK_ENDPOINT` and prints them as JSON
 * on stdout (progress goes to stderr). For docker compose and manual runs:
 *
 *   CHUNKLINE_LOCALSTACK_ENDPOINT=http://127.0.0.1:4566 node infra/localstack/src/bootstrap.cli.ts
 *
 * Optional: CHUNKLINE_RESOURCE_PREFIX (default `chunkline-`), CHUNKLINE_MAX_RECEIVE_COUNT (3),
 * CHUNKLINE_VISIBILITY_TIMEOUT_SECONDS (30). Exits 1 with a message on failure.
 */
import { bootstrapLocalStack } from './bootstrap.ts';
import { ENDPOINT_ENV_VAR } from './constants.ts';
import { useEnvironmentLocalStack } from './environmentLocalStack.ts';

function optionalInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name}=${raw} is not an integer.`);
  return value;
}

async function main(): Promise<void> {
  const endpoint = process.env[ENDPOINT_ENV_VAR];
  if (endpoint === undefined || endpoint.trim() === '') {
    throw new Error(
      `Set ${ENDPOINT_ENV_VAR} to the LocalStack to bootstrap, e.g. ${ENDPOINT_ENV_VAR}=http://127.0.0.1:4566.`,
    );
  }
  const prefix = process.env['CHUNKLINE_RESOURCE_PREFIX'];
  const maxReceiveCount = optionalInteger('CHUNKLINE_MAX_RECEIVE_COUNT');
  const visibilityTimeoutSeconds = optionalInteger('CHUNKLINE_VISIBILITY_TIMEOUT_SECONDS');
  // Waits up to 60 s so it can run right after `docker compose up -d`.
  const localStack = await useEnvironmentLocalStack(endpoint.trim(), 60_000);
  process.stderr.write(`bootstrapping Chunkline resources in ${localStack.endpoint}\n`);
  const resources = await bootstrapLocalStack(
    localStack.endpoint,
    prefix === undefined ? {} : { prefix },
    {
      ...(maxReceiveCount === undefined ? {} : { maxReceiveCount }),
      ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }),
    },
  );
  process.stdout.write(`${JSON.stringify(resources, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
