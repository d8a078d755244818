import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, roundRatios } from '../src/rounds.ts';
import type { Round } from '../src/rounds.ts';
import { checkTargets } from '../src/targets.ts';
import type { ThroughputRow } from '../src/report.ts';

const row = (name: string, seconds: number): ThroughputRow => ({
  name,
  input: 'csv',
  inputBytes: 1e9,
  seconds,
  outputBytes: 1,
  peakRss: {},
});

describe('Function: median', () => {
  it.each([
    { values: [3], expected: 3 },
    { values: [3, 1, 2], expected: 2 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [1.1, 0.9], expected: 1 },
  ])('is $expected for $values', ({ values, expected }) => {
    expect(median(values)).toBeCloseTo(expected, 12);
  });

  it('throws on no values', () => {
    expect(() => median([])).toThrow(/no values/);
  });

  it('has as many values at or below it as at or above it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1 }),
        (values) => {
          const m = median(values);
          expect(values.filter((v) => v <= m).length).toBeGreaterThanOrEqual(values.length / 2);
          expect(values.filter((v) => v >= m).length).toBeGreaterThanOrEqual(values.length / 2);
          expect(m).toBeGreaterThanOrEqual(Math.min(...values));
          expect(m).toBeLessThanOrEqual(Math.max(...values));
        },
      ),
    );
  });
});

describe('Function: roundRatios', () => {
  it("gives the other's time over the subject's in each round where both ran", () => {
    // Arrange
    const rounds: Round[] = [
      { copy: 10, duckdb: 25, 'chunkline-2': 20 },
      { copy: 12, 'chunkline-2': 30 },
      { copy: 9, duckdb: 22, 'chunkline-2': 22 },
      { duckdb: 20 },
    ];

    // Act
    const toDuckdb = roundRatios(rounds, 'chunkline-2', 'duckdb');
    const toCopy = roundRatios(rounds, 'chunkline-2', 'copy');

    // Assess
    expect(toDuckdb).toEqual({ ratios: [1.25, 1], median: 1.125, min: 1, max: 1.25 });
    expect(toCopy?.ratios).toEqual([0.5, 0.4, 9 / 22]);
    expect(toCopy?.median).toBeCloseTo(9 / 22, 12);
  });

  it('is undefined when no round ran both', () => {
    expect(roundRatios([{ copy: 10 }, { 'chunkline-2': 20 }], 'chunkline-2', 'copy')).toBe(
      undefined,
    );
  });
});

describe('Function: checkTargets with rounds', () => {
  const rows = [row('copy', 10), row('duckdb', 25), row('chunkline-2', 20), row('naive', 90)];
  const target = (rounds: Round[], name: string) =>
    checkTargets(rows, [], [], undefined, rounds).find((t) => t.target === name);

  it('judges DuckDB and the copy floor by the median of the rounds, saying how many held', () => {
    // Arrange: the first round is the tables' run
    const rounds: Round[] = [
      { copy: 10, duckdb: 25, 'chunkline-2': 20 },
      { copy: 13, duckdb: 19, 'chunkline-2': 20 },
      { copy: 11, duckdb: 22, 'chunkline-2': 21 },
    ];

    // Act
    const duckdb = target(rounds, 'chunkline-2 faster than DuckDB');
    const copy = target(rounds, 'chunkline-2 ≥ 0.5× copy floor');

    // Assess
    expect(duckdb).toEqual({
      target: 'chunkline-2 faster than DuckDB',
      measured: 'median 1.05× of 3 rounds (0.95–1.25×, held in 2)',
      met: true,
    });
    expect(copy).toEqual({
      target: 'chunkline-2 ≥ 0.5× copy floor',
      measured: 'median 0.52× of 3 rounds (0.50–0.65×, held in 3)',
      met: true,
    });
  });

  it('fails a target whose median misses it, however many rounds held', () => {
    // Arrange
    const rounds: Round[] = [
      { copy: 11, 'chunkline-2': 20 },
      { copy: 9, 'chunkline-2': 20 },
      { copy: 9.6, 'chunkline-2': 20 },
    ];

    // Act
    const copy = target(rounds, 'chunkline-2 ≥ 0.5× copy floor');

    // Assess
    expect(copy?.met).toBe(false);
    expect(copy?.measured).toBe('median 0.48× of 3 rounds (0.45–0.55×, held in 1)');
  });

  it('judges by the single run when there is one round, and the naive stream always so', () => {
    // Act
    const checks = checkTargets(rows, [], [], undefined, [
      { copy: 10, duckdb: 25, 'chunkline-2': 20 },
    ]);

    // Assess
    expect(checks).toEqual([
      { target: 'chunkline-2 ≥ 2× naive stream', measured: '4.50×', met: true },
      { target: 'chunkline-2 faster than DuckDB', measured: '1.25×', met: true },
      { target: 'chunkline-2 ≥ 0.5× copy floor', measured: '0.50×', met: true },
    ]);
  });
});
