import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { S3ObjectStore, createS3Client } from '@chunkline/aws';
import { StoreErrorCode, isStoreError } from '@chunkline/contracts';
import type { JobStatus, ObjectRef } from '@chunkline/contracts';
import { findJobsForSource, readJobStatus } from '@chunkline/jobs';
import { serviceEnv, startLocalPipeline, startServiceProcess } from '@chunkline/local-run';
import type {
  LocalPipeline,
  LocalResources,
  ServiceName,
  ServiceProcess,
} from '@chunkline/local-run';
import { bootstrapLocalStack } from '@chunkline/localstack';
import { inject } from 'vitest';

/** Staging prefix the services use by default. */
export const STAGING_PREFIX = 'chunkline/';

/** One test's own buckets, queues and (optionally) running services. */
export interface Harness {
  readonly resources: LocalResources;
  readonly store: S3ObjectStore;
  readonly env: Record<string, string>;
  readonly staging: { readonly bucket: string; readonly prefix: string };
  /** Where service logs go; start more services with `startService`. */
  readonly logDir: string;
  pipeline?: LocalPipeline;
  /** Start one more service process (logs as `<instance>.log`); stopped by `close`. */
  startService(
    name: ServiceName,
    instance?: string,
    overrides?: Readonly<Record<string, string>>,
  ): ServiceProcess;
  close(): Promise<void>;
}

/**
 * Create isolated resources (a random prefix on every bucket and queue) in the shared
 * LocalStack and, unless told not to, start the three services against them.
 */
export async function createHarness(
  overrides: Readonly<Record<string, string>> = {},
  options: { processors?: number; startServices?: boolean; maxReceiveCount?: number } = {},
): Promise<Harness> {
  const endpoint = inject('localstackEndpoint');
  const prefix = `t${randomBytes(4).toString('hex')}-`;
  const resources: LocalResources = await bootstrapLocalStack(
    endpoint,
    { prefix },
    { maxReceiveCount: options.maxReceiveCount ?? 3 },
  );
  const env = serviceEnv(resources, {
    CHUNKLINE_VISIBILITY_TIMEOUT: '30',
    CHUNKLINE_HEARTBEAT_INTERVAL: '10',
    CHUNKLINE_MAX_RECEIVES: String(options.maxReceiveCount ?? 3),
    ...overrides,
  });
  const store = new S3ObjectStore(createS3Client({ endpoint, region: 'us-east-1' }));
  const logDir = join(process.cwd(), '.e2e-logs', prefix);
  const extras: ServiceProcess[] = [];
  const harness: Harness = {
    resources,
    store,
    env,
    staging: { bucket: resources.buckets.staging, prefix: STAGING_PREFIX },
    logDir,
    startService: (name, instance = name, extra = {}) => {
      const started = startServiceProcess(name, { ...env, ...extra }, logDir, instance);
      extras.push(started);
      return started;
    },
    close: async () => {
      await Promise.all([harness.pipeline?.stop(), ...extras.map((s) => s.stop())]);
    },
  };
  if (options.startServices !== false) {
    harness.pipeline = startLocalPipeline(env, logDir, options.processors ?? 2);
  }
  return harness;
}

/** Wait (polling, with a deadline) until the newest job of an object has ended. */
export async function waitForJob(
  harness: Harness,
  source: ObjectRef,
  timeoutMs = 240_000,
): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: JobStatus | undefined;
  while (Date.now() < deadline) {
    const [jobId] = await findJobsForSource(
      harness.store,
      harness.staging,
      source.bucket,
      source.key,
    );
    if (jobId) {
      last = await readJobStatus(harness.store, harness.staging, jobId);
      if (last && (last.state === 'succeeded' || last.state === 'failed')) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `job of s3://${source.bucket}/${source.key} did not end within ${timeoutMs} ms; last status: ${JSON.stringify(last)}`,
  );
}

/** Read a whole object. */
export async function readObject(harness: Harness, ref: ObjectRef): Promise<Buffer> {
  // LocalStack on a loaded host sometimes stalls a large GET until the socket times out
  // (infra/localstack/FINDINGS.md); a second read of the same, finished object is sound.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return Buffer.from(await harness.store.getBytes(ref));
    } catch (error) {
      if (attempt >= 3 || !isStoreError(error, StoreErrorCode.transient)) throw error;
    }
  }
}
