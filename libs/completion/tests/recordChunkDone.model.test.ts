import { describe, expect, it } from 'vitest';
import { markerKey, recordChunkDone } from '../src/index.ts';
import { seededRandom } from '@chunkline/sample-data';
import { Killed, Scheduler } from './helpers/scheduledStore.ts';

interface Outcome {
  readonly triggers: number;
  readonly commits: number;
  readonly missingLeaves: number;
  readonly earlyTriggers: number;
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One random schedule: `processors` workers take chunk messages (some delivered twice),
 * every storage step may be interleaved with any other worker's, any worker may be killed
 * between two steps (its message then comes back), and sending the merge message is a
 * step of its own that a kill can lose. Every merge message starts a merger whose commit
 * is a create with `If-None-Match: *`.
 */
async function simulate(seed: number): Promise<Outcome> {
  const random = seededRandom(seed);
  const chunkCount = 1 + Math.floor(random() * (random() < 0.2 ? 200 : 70));
  const processors = 2 + Math.floor(random() * 63);
  const killRate = random() * 0.15;
  const duplicateRate = random() * 0.3;
  const scheduler = new Scheduler(random);
  const queue: number[] = [];
  for (let i = 0; i < chunkCount; i += 1) {
    queue.push(i);
    if (random() < duplicateRate) queue.push(i);
  }
  let nextPid = 0;
  let running = 0;
  let triggers = 0;
  let earlyTriggers = 0;
  let commits = 0;
  const outputStore = scheduler.storeFor(-1);
  const attempt = async (index: number): Promise<void> => {
    const pid = nextPid++;
    try {
      const outcome = await recordChunkDone(scheduler.storeFor(pid), chunkCount, index, '{}');
      if (outcome.complete) {
        for (let i = 0; i < chunkCount; i += 1) {
          if (!scheduler.markers.has(markerKey(0, i))) {
            earlyTriggers += 1;
            break;
          }
        }
        // Sending the merge message is a step a kill can lose: then the chunk comes back.
        await scheduler.storeFor(pid).count('send');
        triggers += 1;
        if ((await outputStore.createIfAbsent('output', '')) === 'created') commits += 1;
      }
    } catch (error) {
      if (!(error instanceof Killed)) throw error;
      queue.push(index);
    } finally {
      running -= 1;
    }
  };
  for (;;) {
    while (running < processors && queue.length > 0) {
      const take = Math.floor(random() * queue.length);
      const [index] = queue.splice(take, 1);
      running += 1;
      void attempt(index ?? 0);
    }
    await flush();
    if (scheduler.pending === 0 && queue.length === 0) break;
    scheduler.step(killRate);
    await flush();
  }
  let missingLeaves = 0;
  for (let i = 0; i < chunkCount; i += 1)
    if (!scheduler.markers.has(markerKey(0, i))) missingLeaves += 1;
  return { triggers, commits, missingLeaves, earlyTriggers };
}

describe('Function: recordChunkDone (model)', () => {
  it('over 10,000 random schedules, always triggers the merge, never early, and commits exactly one output', async () => {
    // Prepare
    const failures: string[] = [];
    // Act
    for (let seed = 1; seed <= 10_000; seed += 1) {
      const outcome = await simulate(seed);
      if (
        outcome.triggers < 1 ||
        outcome.commits !== 1 ||
        outcome.missingLeaves > 0 ||
        outcome.earlyTriggers > 0
      ) {
        failures.push(`seed ${seed}: ${JSON.stringify(outcome)}`);
      }
    }
    // Assess
    expect(failures).toEqual([]);
  }, 120_000);
});
