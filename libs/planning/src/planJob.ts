import type { SourcePlan } from '@chunkline/contracts';
import { MAX_CHUNKS, planChunks } from './planChunks.ts';
import { groupBySize } from './groupBySize.ts';

/** The bytes of one item (a Parquet row group, a ZIP entry) that can be planned as a chunk. */
export interface SizedItem {
  readonly start: number;
  readonly end: number;
}

/** What planning knows of one source object: sizes and offsets, never record data. */
export type SourceLayout =
  /** A splittable text object: records between `dataStart` and `dataEnd`. */
  | { readonly kind: 'ranges'; readonly dataStart: number; readonly dataEnd: number }
  /** Not splittable (gzip): one chunk. */
  | { readonly kind: 'whole' }
  /** Parquet row groups or ZIP entries, in file order. */
  | { readonly kind: 'items'; readonly items: readonly SizedItem[] };

/** How the chunks of one source are cut, before items are attached. */
export type PlannedLayout =
  | Extract<SourcePlan, { kind: 'ranges' }>
  | { readonly kind: 'whole' }
  | {
      readonly kind: 'items';
      readonly groups: ReadonlyArray<{ first: number; count: number; start: number; end: number }>;
    };

/** A plan of every source of a job. */
export interface JobPlan {
  readonly chunkSize: number;
  readonly chunkCount: number;
  /** Per source, in order: its first chunk and how it is cut. */
  readonly sources: ReadonlyArray<{ readonly firstChunk: number; readonly plan: PlannedLayout }>;
}

/** Options of `planJob`. */
export interface PlanJobOptions {
  readonly chunkSize: number;
  readonly singleChunkThreshold: number;
  /** Default `MAX_CHUNKS` (10,000). */
  readonly maxChunks?: number;
}

/**
 * The planning rule for a job of one or many objects. Each text object is cut into byte
 * ranges (see `planChunks`), a gzip object is one chunk, Parquet row groups and ZIP entries
 * are grouped into chunks of about `chunkSize` bytes. When the whole job would exceed
 * `maxChunks`, the chunk size doubles until it fits.
 *
 * @throws RangeError when even one chunk per object exceeds `maxChunks`.
 */
export function planJob(layouts: readonly SourceLayout[], options: PlanJobOptions): JobPlan {
  const maxChunks = options.maxChunks ?? MAX_CHUNKS;
  if (layouts.length > maxChunks) {
    throw new RangeError(
      `planning: the job has ${layouts.length} objects, but at most ${maxChunks} chunks; submit a narrower prefix`,
    );
  }
  for (let chunkSize = options.chunkSize; ; chunkSize *= 2) {
    let next = 0;
    const sources = layouts.map((layout) => {
      const plan = planOne(layout, chunkSize, options.singleChunkThreshold);
      const firstChunk = next;
      next += chunksOf(plan);
      return { firstChunk, plan };
    });
    if (next <= maxChunks) return { chunkSize, chunkCount: next, sources };
  }
}

function planOne(layout: SourceLayout, chunkSize: number, threshold: number): PlannedLayout {
  if (layout.kind === 'whole') return layout;
  if (layout.kind === 'ranges') {
    const plan = planChunks({ ...layout, chunkSize, singleChunkThreshold: threshold });
    return { kind: 'ranges', ...plan };
  }
  const groups = groupBySize(
    layout.items.map((item) => item.end - item.start),
    chunkSize,
  ).map(({ first, count }) => ({
    first,
    count,
    start: layout.items[first]?.start ?? 0,
    end: layout.items[first + count - 1]?.end ?? 0,
  }));
  // An object with no row groups or entries still gets one (empty) chunk, so it is accounted for.
  return {
    kind: 'items',
    groups: groups.length > 0 ? groups : [{ first: 0, count: 0, start: 0, end: 0 }],
  };
}

/** How many chunks a planned source has. */
export function chunksOf(plan: PlannedLayout | SourcePlan): number {
  switch (plan.kind) {
    case 'ranges':
      return plan.chunkCount;
    case 'whole':
      return 1;
    default:
      return plan.groups.length;
  }
}
