/**
 * Repeated races for the targets that sit within this machine's noise: with `--rounds N`,
 * the copy floor, DuckDB and chunkline-2 run N times, one after another, so each round
 * compares the three under the same conditions; the targets then go by the median of the
 * rounds' ratios, not by one draw.
 */

/** The contenders that race again in every round after the first, in this order. */
export const RACERS = ['copy', 'duckdb', 'chunkline-2'] as const;
export type Racer = (typeof RACERS)[number];

/** Whether a contender's name is one of the racers. */
export function isRacer(name: string): name is Racer {
  return (RACERS as readonly string[]).includes(name);
}

/** Wall seconds of the racers that ran in one round. */
export type Round = Readonly<Partial<Record<Racer, number>>>;

/** How `subject` fared against `other` over the rounds where both ran. */
export interface RoundRatios {
  /** `other`'s seconds over `subject`'s, per round: above 1, `subject` was faster. */
  readonly ratios: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('bench: the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** `other`'s time over `subject`'s in each round where both ran; undefined if none. */
export function roundRatios(
  rounds: readonly Round[],
  subject: Racer,
  other: Racer,
): RoundRatios | undefined {
  const ratios = rounds.flatMap((round) => {
    const mine = round[subject];
    const theirs = round[other];
    return mine !== undefined && theirs !== undefined ? [theirs / mine] : [];
  });
  if (ratios.length === 0) return undefined;
  return {
    ratios,
    median: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
  };
}
