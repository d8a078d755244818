import {
  chunkMessageSchema,
  chunkResultSchema,
  mergeMessageSchema,
  silentLogger,
} from '@chunkline/contracts';
import type { ChunkResult } from '@chunkline/contracts';
import { MemoryObjectStore } from '@chunkline/testing';
import { parseMapping } from '@chunkline/transforms';
import { describe, expect, it } from 'vitest';
import {
  ManifestCache,
  dispatchObject,
  mergeJob,
  processChunk,
  readJobStatus,
} from '../src/index.ts';
import { MemoryQueue } from './helpers/memoryQueue.ts';
import { testConfig, testDeps } from './helpers/runPipeline.ts';

const delivery = { receiveCount: 1, maxReceives: 3 };

/** The done markers in the staging bucket: the bodies that are chunk results. */
function doneMarkers(store: MemoryObjectStore): ChunkResult[] {
  return store
    .keys('stage')
    .filter((key) => key.includes('/done/'))
    .map((key) => Buffer.from(store.bytes({ bucket: 'stage', key }) ?? []).toString('utf8'))
    .filter((body) => body.length > 0)
    .map((body) => chunkResultSchema.parse(JSON.parse(body)));
}

describe('Function: processChunk', () => {
  it('keeps the part of the run whose done marker won, and the other run deletes its own', async () => {
    // Prepare: a transform that differs on every run, so two runs write different parts.
    const store = new MemoryObjectStore();
    const input = Array.from({ length: 2000 }, (_, i) => `{"id":${i}}\n`).join('');
    store.seed({ bucket: 'in', key: 'rows.jsonl' }, Buffer.from(input));
    const config = testConfig({
      chunkSize: 1 << 20,
      mapping: parseMapping({ version: 1, module: 'nonce.js' }),
    });
    const mergeQueue = new MemoryQueue();
    // A nonce of random length: the two runs' parts differ in size too.
    const deps = testDeps(store, mergeQueue, (row) => ({
      ...row,
      nonce: 'n'.repeat(Math.floor(Math.random() * 9)),
    }));
    const chunkQueue = new MemoryQueue();
    const dispatched = await dispatchObject({ store, log: silentLogger, chunkQueue }, config, {
      bucket: 'in',
      key: 'rows.jsonl',
    });
    if (dispatched.kind !== 'dispatched') throw new Error(dispatched.kind);
    const [message] = chunkQueue.drain();
    const chunk = chunkMessageSchema.parse(JSON.parse(message ?? ''));
    const manifests = new ManifestCache();

    // The first run to reach its done marker is the last to write it.
    let markers = 0;
    store.intercept(async (call) => {
      if (call.operation === 'putIfAbsent' && call.ref?.key.includes('/done/0/') && markers++ === 0)
        await new Promise((resolve) => setTimeout(resolve, 50));
    });

    // Act: the same message delivered twice, both handled at once.
    const outcomes = await Promise.all([
      processChunk(deps, chunk, delivery, manifests),
      processChunk(deps, chunk, delivery, manifests),
    ]);
    const written = doneMarkers(store);
    const [marker] = written;
    const partKeys = store.keys('stage').filter((key) => key.includes('/parts/'));
    const winner = Buffer.from(store.bytes({ bucket: 'stage', key: marker?.part.key ?? '' }) ?? []);
    for (const body of mergeQueue.drain()) {
      await mergeJob(deps, mergeMessageSchema.parse(JSON.parse(body)), manifests);
    }

    // Assess: both ran, one marker, only its part left, and that part is the output.
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['processed', 'processed']);
    expect(written).toHaveLength(1);
    expect(partKeys).toEqual([marker?.part.key]);
    expect(winner.length).toBe(marker?.part.size);
    const status = await readJobStatus(store, config.staging, dispatched.jobId);
    expect(status?.state).toBe('succeeded');
    const output = Buffer.from(store.bytes(status?.output ?? { bucket: '', key: '' }) ?? []);
    expect(output.equals(winner)).toBe(true);
    expect(output.toString('utf8').trim().split('\n')).toHaveLength(2000);
  });
});
