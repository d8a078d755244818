import { chunkMessageSchema, mergeMessageSchema, silentLogger } from '@chunkline/contracts';
import type { JobStatus, ObjectCreated } from '@chunkline/contracts';
import { MemoryObjectStore } from '@chunkline/testing';
import { parseMapping } from '@chunkline/transforms';
import {
  ManifestCache,
  dispatchObject,
  mergeJob,
  processChunk,
  readJobStatus,
} from '../../src/index.ts';
import type { JobConfig, ProcessDeps, UserTransformFn } from '../../src/index.ts';
import { MemoryQueue } from './memoryQueue.ts';

export const TOKENIZE_KEY = 'unit-test-key-0123456789';

/** A job config for tests, with a tiny chunk size so small inputs have many chunks. */
export function testConfig(overrides: Partial<JobConfig> = {}): JobConfig {
  return {
    output: { bucket: 'out', prefix: 'results/' },
    staging: { bucket: 'stage', prefix: 'chunkline/' },
    chunkSize: 64,
    singleChunkThreshold: 0,
    mapping: parseMapping({ version: 1 }),
    onBadRecord: 'fail',
    outputFormat: 'preserve',
    outputCompression: 'none',
    ...overrides,
  };
}

/** Processing deps over `store`, with the test key and `userTransform` for any module path. */
export function testDeps(
  store: MemoryObjectStore,
  mergeQueue: MemoryQueue,
  userTransform: UserTransformFn = (row) => row,
): ProcessDeps {
  return {
    store,
    log: silentLogger,
    mergeQueue,
    tokenizeKey: TOKENIZE_KEY,
    loadUserTransform: async () => userTransform,
  };
}

/** What one in-memory run produced. */
export interface PipelineRun {
  readonly store: MemoryObjectStore;
  readonly status: JobStatus | undefined;
  readonly output: Buffer | undefined;
  readonly chunkMessages: number;
  readonly mergeMessages: number;
}

/**
 * Dispatch, process and merge one object entirely in memory: chunk messages are delivered
 * in a shuffled order (`shuffle`), some twice (`duplicate`), exactly as a queue may.
 */
export async function runPipeline(
  input: Buffer | string,
  key: string,
  config: JobConfig,
  options: PipelineOptions = {},
): Promise<PipelineRun> {
  return runJob({ [key]: input }, { bucket: 'in', key }, config, options);
}

/** How chunk messages are delivered. */
export interface PipelineOptions {
  readonly shuffle?: (n: number) => number;
  readonly duplicate?: (index: number) => boolean;
  /** Settings laid over the test deps (`testDeps`). */
  readonly deps?: Partial<Pick<ProcessDeps, 'mergePartConcurrency'>>;
  /** Called with the store once the chunks are processed, before the merge. */
  readonly beforeMerge?: (store: MemoryObjectStore) => void;
}

/**
 * Like `runPipeline`, over several objects in bucket `in` and any submission: one object,
 * or a prefix (`{ bucket: 'in', key: 'p/', prefix: true }`).
 */
export async function runJob(
  objects: Readonly<Record<string, Buffer | string>>,
  source: ObjectCreated,
  config: JobConfig,
  options: PipelineOptions = {},
): Promise<PipelineRun> {
  const store = new MemoryObjectStore();
  for (const [key, body] of Object.entries(objects)) {
    store.seed({ bucket: 'in', key }, typeof body === 'string' ? Buffer.from(body) : body);
  }
  const chunkQueue = new MemoryQueue();
  const mergeQueue = new MemoryQueue();
  const deps = { ...testDeps(store, mergeQueue), ...options.deps };
  const outcome = await dispatchObject({ store, log: silentLogger, chunkQueue }, config, source);
  if (outcome.kind === 'failed') {
    const status = await readJobStatus(store, config.staging, outcome.jobId);
    return { store, status, output: undefined, chunkMessages: 0, mergeMessages: 0 };
  }
  if (outcome.kind !== 'dispatched') throw new Error(`not dispatched: ${outcome.reason}`);
  const messages = chunkQueue.drain();
  const deliveries = messages.flatMap((body, i) =>
    options.duplicate?.(i) ? [body, body] : [body],
  );
  for (let i = deliveries.length - 1; i > 0; i -= 1) {
    const j = options.shuffle ? options.shuffle(i + 1) : i;
    [deliveries[i], deliveries[j]] = [deliveries[j] as string, deliveries[i] as string];
  }
  const manifests = new ManifestCache();
  for (const body of deliveries) {
    await processChunk(
      deps,
      chunkMessageSchema.parse(JSON.parse(body)),
      { receiveCount: 1, maxReceives: 3 },
      manifests,
    );
  }
  const merges = mergeQueue.drain();
  options.beforeMerge?.(store);
  for (const body of merges)
    await mergeJob(deps, mergeMessageSchema.parse(JSON.parse(body)), manifests);
  const status = await readJobStatus(store, config.staging, outcome.jobId);
  const bytes = status ? store.bytes(status.output) : undefined;
  return {
    store,
    status,
    output: bytes ? Buffer.from(bytes) : undefined,
    chunkMessages: messages.length,
    mergeMessages: merges.length,
  };
}
