import { silentLogger } from '@chunkline/contracts';
import { MemoryObjectStore } from '@chunkline/testing';
import { describe, expect, it } from 'vitest';
import { dispatchObject } from '../src/index.ts';
import { MemoryQueue } from './helpers/memoryQueue.ts';
import { testConfig } from './helpers/runPipeline.ts';

const source = { bucket: 'in', key: 'data.csv' };
const csv = `id,text\n${Array.from({ length: 300 }, (_, i) => `${i},row ${i}`).join('\n')}\n`;

function setup(): {
  store: MemoryObjectStore;
  queue: MemoryQueue;
  deps: Parameters<typeof dispatchObject>[0];
} {
  const store = new MemoryObjectStore();
  store.seed(source, csv);
  const queue = new MemoryQueue();
  return { store, queue, deps: { store, log: silentLogger, chunkQueue: queue } };
}

describe('Function: dispatchObject', () => {
  it('plans from HEAD and the header, and sends one small message per chunk', async () => {
    // Prepare
    const { deps, queue, store } = setup();
    // Act
    const outcome = await dispatchObject(deps, testConfig({ chunkSize: 100 }), source);
    // Assess
    expect(outcome).toMatchObject({ kind: 'dispatched', created: true });
    const messages = queue
      .drain()
      .map((m) => JSON.parse(m) as { chunk: { start: number; end: number } });
    expect(messages.length).toBe(Math.ceil((csv.length - 'id,text\n'.length) / 100));
    expect(messages[0]?.chunk.start).toBe('id,text\n'.length);
    expect(messages.at(-1)?.chunk.end).toBe(csv.length);
    expect(
      Math.max(
        ...queue.messages.map((m) => m.length),
        ...messages.map((m) => JSON.stringify(m).length),
      ),
    ).toBeLessThan(400);
    expect(store.calls.getBytes).toBe(1);
  });

  it('maps a duplicate event to the same job and sends nothing more', async () => {
    const { deps, queue } = setup();
    const first = await dispatchObject(deps, testConfig(), source);
    queue.drain();
    const second = await dispatchObject(deps, testConfig(), { ...source });
    expect(second).toMatchObject({ kind: 'dispatched', created: false, sent: 0 });
    expect(
      second.kind === 'dispatched' && first.kind === 'dispatched' && second.jobId === first.jobId,
    ).toBe(true);
    expect(queue.messages).toEqual([]);
  });

  it('re-sends only the chunks of blocks not recorded as sent after a crash mid-send', async () => {
    // Prepare: a first dispatch whose "sent" records were lost (as if it crashed before writing them).
    const { deps, queue, store } = setup();
    const first = await dispatchObject(deps, testConfig({ chunkSize: 10 }), source);
    const total = queue.drain().length;
    const jobId = first.kind === 'dispatched' ? first.jobId : '';
    const sentKeys = store
      .keys('stage')
      .filter((k) => k.startsWith(`chunkline/jobs/${jobId}/sent/`));
    await store.deleteMany('stage', sentKeys.slice(1));
    // Act
    const again = await dispatchObject(deps, testConfig({ chunkSize: 10 }), source);
    // Assess: block 0 (100 chunks) was recorded, the rest is sent again.
    expect(total).toBeGreaterThan(200);
    expect(again).toMatchObject({ kind: 'dispatched', sent: total - 100 });
  });

  it('skips an event whose object was overwritten since (its ETag no longer matches)', async () => {
    const { deps } = setup();
    const outcome = await dispatchObject(deps, testConfig(), {
      ...source,
      etag: 'not-the-current-etag',
    });
    expect(outcome).toMatchObject({ kind: 'skipped' });
  });

  it('skips an object that no longer exists', async () => {
    const { deps } = setup();
    expect(
      await dispatchObject(deps, testConfig(), { bucket: 'in', key: 'gone.csv' }),
    ).toMatchObject({ kind: 'skipped' });
  });

  it('derives a new job for a new configuration of the same object', async () => {
    const { deps } = setup();
    const a = await dispatchObject(deps, testConfig(), source);
    const b = await dispatchObject(deps, testConfig({ onBadRecord: 'skip' }), source);
    expect(a.kind === 'dispatched' && b.kind === 'dispatched' && a.jobId !== b.jobId).toBe(true);
  });
});
