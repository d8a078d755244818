import { readFileSync } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { COUNT_REQUESTS_ENV, S3ObjectStore } from '@chunkline/aws';
import { parseDispatcherConfig, parseProcessorConfig } from '@chunkline/config';
import type { JobStatus } from '@chunkline/contracts';
import { findJobsForSource, readFinalJobStatus } from '@chunkline/jobs';
import { serviceEnv, startLocalPipeline } from '@chunkline/local-run';
import type { LocalResources } from '@chunkline/local-run';
import type { BenchInput } from '../inputs.ts';
import { procStatusBytes, sampleProcesses } from '../processSampler.ts';
import { loggedRequests, sumCounts, waitForStarted } from '../serviceLogs.ts';
import { WORK_MAPPING, WORK_TOKENIZE_KEY } from '../workMapping.ts';
import { freshCopy } from './s3.ts';
import type { StorageFloorShape } from './types.ts';

/** One Chunkline run: timing, per-process peak RSS and the services' request counts. */
export interface ChunklineOutcome {
  readonly seconds: number;
  readonly outputBytes: number;
  readonly chunks: number;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly peakRss: Record<string, number>;
  /** CPU seconds of each service, of the `alongside` processes and of the whole machine. */
  readonly cpuSeconds: Record<string, number>;
  /** Requests of all services, by `<client>.<command>`, plus `S3.GetObject.bytes`. */
  readonly requests: Record<string, number>;
  /** GetObject bytes fetched by the processors. */
  readonly processorBytesFetched: number;
  /** The services' plan and chunks in flight, and the output's size: what the storage floor repeats. */
  readonly storageShape: StorageFloorShape;
}

/**
 * Chunkline with `processors` processor processes (default chunk size and concurrency):
 * fresh services with request counting on, the input copied to a new key of the source
 * bucket (its S3 event starts the job), timed from the copy's completion to the job's `succeeded` status.
 * The output and the input's copy are deleted afterwards.
 * The CPU time of the `alongside` processes (LocalStack, this one) is sampled with the services'
 * over the same span.
 */
export async function runChunkline(
  s3: S3Client,
  resources: LocalResources,
  input: BenchInput,
  processors: number,
  logDir: string,
  alongside: Readonly<Record<string, number>>,
  extraNodeOptions = '',
): Promise<ChunklineOutcome> {
  const store = new S3ObjectStore(s3);
  const env = serviceEnv(resources, {
    CHUNKLINE_MAPPING: JSON.stringify(WORK_MAPPING),
    CHUNKLINE_TOKENIZE_KEY: WORK_TOKENIZE_KEY,
    [COUNT_REQUESTS_ENV]: '1',
    ...(extraNodeOptions ? { NODE_OPTIONS: extraNodeOptions } : {}),
  });
  const pipeline = startLocalPipeline(env, logDir, processors);
  try {
    await Promise.all(pipeline.services.map((s) => waitForStarted(s.logFile)));
    const pids = Object.fromEntries(pipeline.services.map((s) => [s.name, s.child.pid ?? 0]));
    const ext = input.ref.key.slice(input.ref.key.lastIndexOf('.'));
    const key = `runs/${input.name}-${processors}p-${Date.now()}${ext}`;
    await freshCopy(s3, input.ref, { bucket: resources.buckets.source, key }, input.contentType);
    const sampler = sampleProcesses(pids, alongside);
    const started = performance.now();
    const status = await awaitJob(store, resources.buckets.staging, resources.buckets.source, key);
    const seconds = (performance.now() - started) / 1000;
    const { peakRss, cpuSeconds } = sampler.stop();
    for (const [name, pid] of Object.entries(pids))
      peakRss[name] = Math.max(peakRss[name] ?? 0, procStatusBytes(pid, 'VmHWM'));
    await pipeline.stop();
    // LocalStack keeps every object in a temporary file, and with earlier outputs kept, later
    // runs were slower (the copy floor four times in a row: 7.7–8.7 s with each output
    // deleted, 11.2–13.1 s with them kept). So each run leaves the storage as it found it.
    await store.deleteMany(status.output.bucket, [status.output.key]);
    await store.deleteMany(resources.buckets.source, [key]);
    const perService = await Promise.all(
      pipeline.services.map(async (s) => ({
        name: s.name,
        counts: await loggedRequests(s.logFile),
      })),
    );
    return {
      seconds,
      outputBytes: status.bytes.out,
      chunks: status.chunks.total,
      rowsIn: status.rows.in,
      rowsOut: status.rows.out,
      peakRss,
      cpuSeconds,
      requests: sumCounts(perService.map((s) => s.counts)),
      processorBytesFetched: perService
        .filter((s) => s.name.startsWith('processor'))
        .reduce((sum, s) => sum + (s.counts['S3.GetObject.bytes'] ?? 0), 0),
      storageShape: storageShapeOf(env, processors, status.bytes.out),
    };
  } finally {
    await pipeline.stop();
  }
}

/** The chunking the services were configured with (their defaults here), and the output's size. */
function storageShapeOf(
  env: Record<string, string>,
  processors: number,
  outputBytes: number,
): StorageFloorShape {
  const dispatcher = parseDispatcherConfig(env, (path) => readFileSync(path, 'utf8'));
  return {
    chunkSize: dispatcher.chunkSize,
    singleChunkThreshold: dispatcher.singleChunkThreshold,
    chunksInFlight: processors * parseProcessorConfig(env).concurrency,
    outputBytes,
  };
}

async function awaitJob(
  store: S3ObjectStore,
  stagingBucket: string,
  bucket: string,
  key: string,
): Promise<JobStatus> {
  const staging = { bucket: stagingBucket, prefix: 'chunkline/' };
  const deadline = Date.now() + 60 * 60_000;
  let jobId: string | undefined;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`bench: the job for ${key} did not finish in 1 h`);
    jobId ??= (await findJobsForSource(store, staging, bucket, key))[0];
    // Only the final status: assembling progress every poll would cost LocalStack CPU
    // (six requests) that the job's own requests then compete with.
    const status = jobId ? await readFinalJobStatus(store, staging, jobId) : undefined;
    if (status?.state === 'succeeded') return status;
    if (status?.state === 'failed')
      throw new Error(`bench: job ${jobId} failed: ${status.reason ?? 'see the service logs'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
