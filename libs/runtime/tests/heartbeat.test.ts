import type { SQSClient } from '@aws-sdk/client-sqs';
import { silentLogger } from '@chunkline/contracts';
import { describe, expect, it, vi } from 'vitest';
import { VISIBILITY_CEILING_SECONDS, heartbeatExtension, startHeartbeat } from '../src/index.ts';

describe('Function: heartbeatExtension', () => {
  it.each([
    { elapsed: 0, visibility: 60, expected: 60 },
    { elapsed: 3600, visibility: 60, expected: 60 },
    { elapsed: VISIBILITY_CEILING_SECONDS - 35, visibility: 60, expected: 30 },
    { elapsed: VISIBILITY_CEILING_SECONDS - 5, visibility: 60, expected: undefined },
    { elapsed: VISIBILITY_CEILING_SECONDS + 100, visibility: 60, expected: undefined },
  ])(
    'after $elapsed s with a $visibility s timeout extends by $expected',
    ({ elapsed, visibility, expected }) => {
      expect(heartbeatExtension(elapsed, visibility)).toBe(expected);
    },
  );

  it('never lets the total invisibility pass 12 hours, however often it beats', () => {
    // Act: beat every 20 s for 13 hours, as a stuck chunk would.
    let latestEnd = 0;
    let stoppedAt: number | undefined;
    for (let t = 0; t < 13 * 3600; t += 20) {
      const extension = heartbeatExtension(t, 60);
      if (extension === undefined) {
        stoppedAt ??= t;
        continue;
      }
      latestEnd = Math.max(latestEnd, t + extension);
    }
    // Assess
    expect(latestEnd).toBeLessThanOrEqual(VISIBILITY_CEILING_SECONDS);
    expect(stoppedAt).toBeGreaterThan(VISIBILITY_CEILING_SECONDS - 60);
  });
});

describe('Function: startHeartbeat', () => {
  it('calls onBeat once per extension it sends (the heartbeat counter)', async () => {
    // Prepare
    vi.useFakeTimers();
    const sent: unknown[] = [];
    const sqs = {
      send: async (command: unknown) => void sent.push(command),
    } as unknown as SQSClient;
    let beats = 0;
    const heartbeat = startHeartbeat({
      sqs,
      queueUrl: 'http://localhost/000000000000/q',
      receiptHandle: 'r',
      visibilitySeconds: 30,
      intervalSeconds: 10,
      log: silentLogger,
      onBeat: () => (beats += 1),
    });

    // Act
    await vi.advanceTimersByTimeAsync(35_000);
    heartbeat.stop();
    vi.useRealTimers();

    // Assess
    expect(beats).toBe(3);
    expect(heartbeat.beats).toBe(3);
    expect(sent.length).toBe(3);
  });
});
