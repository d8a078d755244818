/**
 * The processor's hot path without S3 or SQS, for `node --cpu-prof`: a generated CSV (or
 * JSON Lines) in a `MemoryObjectStore`, dispatched and processed chunk by chunk in this
 * process with the bench mapping. Prints, per pass, the wall time, the CPU time (user +
 * system, steadier than wall time on a shared machine), the rate by each, and the peak RSS
 * and heap sampled every 20 ms during the pass (the input itself is in memory too: the RSS
 * before the first pass is printed for reference).
 *
 *   node --cpu-prof --cpu-prof-dir bench/results/profiles bench/src/profileChunks.ts [MiB] [csv|jsonl] [passes]
 */
import type { MessageQueue, Row } from '@chunkline/contracts';
import type { ProcessDeps } from '@chunkline/jobs';
import { chunkMessageSchema, silentLogger } from '@chunkline/contracts';
import { ManifestCache, dispatchObject, processChunk } from '@chunkline/jobs';
import { generateCsv, generateJsonl } from '@chunkline/sample-data';
import { MemoryObjectStore } from '@chunkline/testing';
import { parseMapping } from '@chunkline/transforms';
import { WORK_MAPPING, WORK_TOKENIZE_KEY } from './workMapping.ts';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 128) * MiB;
const format = process.argv[3] === 'jsonl' ? 'jsonl' : 'csv';
const passes = Number(process.argv[4] ?? 1);

class ListQueue implements MessageQueue {
  readonly messages: string[] = [];
  async send(body: string): Promise<void> {
    this.messages.push(body);
  }
  async sendMany(bodies: readonly string[]): Promise<void> {
    this.messages.push(...bodies);
  }
}

const store = new MemoryObjectStore();
const source = { bucket: 'in', key: `input.${format}` };
const generate = format === 'jsonl' ? generateJsonl : generateCsv;
const input = Buffer.concat([...generate({ seed: 2026, targetBytes: size })]);
store.seed(source, input);
const chunkQueue = new ListQueue();
const mergeQueue = new ListQueue();
const config = {
  output: { bucket: 'out', prefix: 'results/' },
  staging: { bucket: 'stage', prefix: 'chunkline/' },
  chunkSize: 64 * MiB,
  singleChunkThreshold: 16 * MiB,
  mapping: parseMapping(WORK_MAPPING),
  onBadRecord: 'fail' as const,
  outputFormat: 'preserve' as const,
  outputCompression: 'none' as const,
};
const deps: ProcessDeps = {
  store,
  log: silentLogger,
  mergeQueue,
  tokenizeKey: WORK_TOKENIZE_KEY,
  loadUserTransform: async () => (row: Row) => row,
};
await dispatchObject({ store, log: silentLogger, chunkQueue }, config, source);
const MB = 1e6;
const baseline = process.memoryUsage().rss;
process.stdout.write(
  `${format}: ${input.length} bytes in ${chunkQueue.messages.length} chunks; RSS before processing ${(baseline / MiB).toFixed(0)} MiB\n`,
);
for (let pass = 1; pass <= passes; pass += 1) {
  // Each pass starts from the dispatched job: no done marker, part or reject file left over.
  const outputs = store.keys('stage').filter((key) => /\/(done|parts|rejects)\//.test(key));
  await store.deleteMany('stage', outputs);
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed + usage.external + usage.arrayBuffers);
  };
  const sampler = setInterval(sample, 20);
  const manifests = new ManifestCache();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const body of chunkQueue.messages) {
    const chunk = chunkMessageSchema.parse(JSON.parse(body));
    await processChunk(deps, chunk, { receiveCount: 1, maxReceives: 3 }, manifests);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  sample();
  process.stdout.write(
    `pass ${pass}: ${seconds.toFixed(2)} s wall (${(input.length / MB / seconds).toFixed(1)} MB/s), ` +
      `${cpuSeconds.toFixed(2)} s CPU (${(input.length / MB / cpuSeconds).toFixed(1)} MB/s), ` +
      `peak RSS ${(peakRss / MiB).toFixed(0)} MiB, peak heap+external ${(peakHeap / MiB).toFixed(0)} MiB\n`,
  );
}
