import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../src/index.ts';

describe('Function: retryDelaySeconds', () => {
  it.each([
    { receiveCount: 0, seconds: 1 },
    { receiveCount: 1, seconds: 1 },
    { receiveCount: 2, seconds: 2 },
    { receiveCount: 3, seconds: 4 },
    { receiveCount: 4, seconds: 8 },
    { receiveCount: 5, seconds: 16 },
    { receiveCount: 6, seconds: 30 },
    { receiveCount: 7, seconds: 30 },
    { receiveCount: 1000, seconds: 30 },
    { receiveCount: 5000, seconds: 30 },
  ])('waits $seconds s after receive number $receiveCount', ({ receiveCount, seconds }) => {
    // Act
    const delay = retryDelaySeconds(receiveCount);

    // Assess
    expect(delay).toBe(seconds);
  });

  it('never shrinks as the receive count grows, and stays from 1 to 30 s (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (receiveCount) => {
        // Act
        const delay = retryDelaySeconds(receiveCount);
        const next = retryDelaySeconds(receiveCount + 1);

        // Assess
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(1);
        expect(delay).toBeLessThanOrEqual(30);
        expect(next).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
