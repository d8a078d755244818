import { describe, expect, it } from 'vitest';
import { readinessProbe } from '../src/index.ts';
import type { ReadinessCheck } from '../src/index.ts';

/** A check that counts its runs and answers as told. */
function check(name: string, answer: () => Promise<void>): ReadinessCheck & { runs: number } {
  const counted = {
    name,
    runs: 0,
    run: async () => {
      counted.runs += 1;
      await answer();
    },
  };
  return counted;
}

describe('Function: readinessProbe', () => {
  it('is ready when every check answers, and names each result', async () => {
    // Prepare
    const probe = readinessProbe([
      check('queue chunk', async () => {}),
      check('bucket staging', async () => {}),
    ]);

    // Act
    const report = await probe();

    // Assess
    expect(report).toEqual({
      ready: true,
      checks: { 'queue chunk': 'ok', 'bucket staging': 'ok' },
    });
  });

  it('is not ready when a check fails, and gives its reason', async () => {
    // Prepare
    const probe = readinessProbe([
      check('queue chunk', async () => {
        throw new Error('GetQueueAttributes failed: NonExistentQueue');
      }),
      check('bucket staging', async () => {}),
    ]);

    // Act
    const report = await probe();

    // Assess
    expect(report).toEqual({
      ready: false,
      checks: {
        'queue chunk': 'GetQueueAttributes failed: NonExistentQueue',
        'bucket staging': 'ok',
      },
    });
  });

  it('fails a check that does not answer within the timeout', async () => {
    // Prepare
    const probe = readinessProbe([check('hangs', () => new Promise(() => {}))], {
      timeoutMs: 20,
    });

    // Act
    const report = await probe();

    // Assess
    expect(report).toEqual({ ready: false, checks: { hangs: 'no answer within 20 ms' } });
  });

  it('reuses its answer while the cache lasts, then asks again', async () => {
    // Prepare
    let clock = 0;
    const counted = check('queue', async () => {});
    const probe = readinessProbe([counted], { cacheMs: 5000, now: () => clock });

    // Act
    await Promise.all([probe(), probe()]);
    clock = 4999;
    await probe();
    const cachedRuns = counted.runs;
    clock = 5000;
    await probe();

    // Assess
    expect(cachedRuns).toBe(1);
    expect(counted.runs).toBe(2);
  });
});
