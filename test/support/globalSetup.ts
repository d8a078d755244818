import type { TestProject } from 'vitest/node';
import { resolveLocalStack } from '@chunkline/localstack';

declare module 'vitest' {
  export interface ProvidedContext {
    localstackEndpoint: string;
  }
}

/**
 * One LocalStack for the whole end-to-end run: from CHUNKLINE_LOCALSTACK_ENDPOINT, else
 * testcontainers when Docker answers, else a host install the harness starts itself.
 * Each test isolates its own buckets and queues inside it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const localstack = await resolveLocalStack({
    log: (line) => process.stderr.write(`[localstack] ${line}\n`),
  });
  process.stderr.write(`[localstack] ${localstack.source} at ${localstack.endpoint}\n`);
  project.provide('localstackEndpoint', localstack.endpoint);
  return () => localstack.stop();
}
