/**
 * The processor's hot path without S3 or SQS, for `node --cpu-prof`: a generated CSV (or
 * JSON Lines) in a `MemoryObjectStore`, dispatched and processed chunk by chunk in this
 * process with the bench mapping. Prints the processing rate.
 *
 *   node --cpu-prof --cpu-prof-dir bench/results/profiles bench/src/profileChunks.ts [MiB] [csv|jsonl]
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
const manifests = new ManifestCache();
const started = performance.now();
for (const body of chunkQueue.messages) {
  const chunk = chunkMessageSchema.parse(JSON.parse(body));
  await processChunk(deps, chunk, { receiveCount: 1, maxReceives: 3 }, manifests);
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${format}: ${input.length} bytes in ${chunkQueue.messages.length} chunks, ${seconds.toFixed(2)} s, ${(input.length / 1e6 / seconds).toFixed(1)} MB/s on one core\n`,
);
