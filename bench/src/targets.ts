import type { PlanningFigure } from './planningScale.ts';
import type { CostRow, MemoryRow, TargetCheck, ThroughputRow } from './report.ts';
import { roundRatios } from './rounds.ts';
import type { Round } from './rounds.ts';

const MiB = 1024 * 1024;

/** S3 requests per chunk (all services), the count that must not grow with the object. */
export function s3PerChunk(cost: CostRow): number {
  return Object.entries(cost.requestsPerChunk)
    .filter(([op]) => op.startsWith('S3.') && !op.endsWith('.bytes'))
    .reduce((sum, [, n]) => sum + n, 0);
}

/**
 * The issue's targets, checked against what this run measured (only those it measured).
 * With more than one round, the ratios to DuckDB and to the copy floor go by the median of
 * the rounds' ratios, and say in how many rounds they held.
 */
export function checkTargets(
  rows: readonly ThroughputRow[],
  costs: readonly CostRow[],
  memory: readonly MemoryRow[],
  planning: PlanningFigure | undefined,
  rounds: readonly Round[] = [],
): TargetCheck[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const chunkline = byName.get('chunkline-2');
  const checks: TargetCheck[] = [];
  const speedup = (other: string): number | undefined => {
    const o = byName.get(other);
    return chunkline && o ? o.seconds / chunkline.seconds : undefined;
  };
  const ratio = (target: string, other: string, atLeast: number, strict = false): void => {
    const value = speedup(other);
    if (value === undefined) return;
    checks.push({
      target,
      measured: `${value.toFixed(2)}×`,
      met: strict ? value > atLeast : value >= atLeast,
    });
  };
  const racedRatio = (
    target: string,
    other: 'duckdb' | 'copy',
    atLeast: number,
    strict = false,
  ): void => {
    const raced = rounds.length > 1 ? roundRatios(rounds, 'chunkline-2', other) : undefined;
    if (raced === undefined || raced.ratios.length < 2) {
      ratio(target, other, atLeast, strict);
      return;
    }
    const meets = (value: number): boolean => (strict ? value > atLeast : value >= atLeast);
    const held = raced.ratios.filter(meets).length;
    checks.push({
      target,
      measured:
        `median ${raced.median.toFixed(2)}× of ${raced.ratios.length} rounds ` +
        `(${raced.min.toFixed(2)}–${raced.max.toFixed(2)}×, held in ${held})`,
      met: meets(raced.median),
    });
  };
  ratio('chunkline-2 ≥ 2× naive stream', 'naive', 2);
  racedRatio('chunkline-2 faster than DuckDB', 'duckdb', 1, true);
  racedRatio('chunkline-2 ≥ 0.5× copy floor', 'copy', 0.5);
  const serviceRss = rows
    .filter((r) => r.name.startsWith('chunkline'))
    .flatMap((r) =>
      Object.entries(r.peakRss).filter(([p]) => p.startsWith('processor') || p === 'merger'),
    );
  if (serviceRss.length > 0) {
    const [worst, bytes] = serviceRss.reduce((a, b) => (b[1] > a[1] ? b : a));
    checks.push({
      target: 'processor and merger peak RSS < 256 MiB',
      measured: `max ${(bytes / MiB).toFixed(0)} MiB (${worst})`,
      met: bytes < 256 * MiB,
    });
  }
  for (const m of memory) {
    const change = (m.large.peakRss - m.small.peakRss) / m.small.peakRss;
    checks.push({
      target: `${m.process} peak RSS within 15 % from small to large input`,
      measured: `${(change * 100).toFixed(1)} %`,
      met: Math.abs(change) <= 0.15,
    });
  }
  if (costs.length > 1) {
    const perChunk = costs.map((c) => `${c.name} ${s3PerChunk(c).toFixed(1)}`).join(', ');
    const values = costs.map(s3PerChunk);
    const fewestChunks = costs.reduce((a, b) => (b.chunks < a.chunks ? b : a));
    const mostChunks = costs.reduce((a, b) => (b.chunks > a.chunks ? b : a));
    checks.push({
      target: 'S3 requests per chunk bounded by a constant (no growth with chunk count)',
      measured: perChunk,
      met:
        s3PerChunk(mostChunks) <= s3PerChunk(fewestChunks) * 1.1 && values.every(Number.isFinite),
    });
  }
  for (const c of costs) {
    checks.push({
      target: `${c.name}: bytes fetched per input byte < 1.01`,
      measured: c.bytesFetchedPerInputByte.toFixed(4),
      met: c.bytesFetchedPerInputByte < 1.01,
    });
  }
  if (planning) {
    checks.push({
      target: '5 TiB plan ≤ 10,000 chunks in < 50 ms',
      measured: `${planning.chunks} chunks, ${planning.milliseconds.toFixed(2)} ms`,
      met: planning.chunks <= 10_000 && planning.milliseconds < 50,
    });
  }
  return checks;
}
