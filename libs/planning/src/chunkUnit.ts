import type { JobManifest, JobSource, ZipEntryPlan } from '@chunkline/contracts';
import { chunkRange } from './planChunks.ts';
import { chunksOf } from './planJob.ts';

/** The work of one chunk: which source, and which of its bytes, row groups or entries. */
export type ChunkUnit =
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'whole'; readonly start: number; readonly end: number }
  | {
      readonly kind: 'rowGroups';
      readonly first: number;
      readonly count: number;
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly kind: 'entries';
      readonly entries: readonly ZipEntryPlan[];
      readonly start: number;
      readonly end: number;
    };

/** Chunk `index` of a job: its source (and that source's position) and its unit of work. */
export interface LocatedChunk {
  readonly index: number;
  readonly sourceIndex: number;
  readonly source: JobSource;
  /** Index of the chunk within its source. */
  readonly local: number;
  readonly unit: ChunkUnit;
}

/** Where chunk `index` of the manifest's plan lies. */
export function locateChunk(
  manifest: Pick<JobManifest, 'sources' | 'chunkCount'>,
  index: number,
): LocatedChunk {
  if (!(Number.isInteger(index) && index >= 0 && index < manifest.chunkCount)) {
    throw new RangeError(
      `planning: chunk ${index} is outside the plan of ${manifest.chunkCount} chunks`,
    );
  }
  const sourceIndex = lastSourceStartingAtOrBefore(manifest.sources, index);
  const source = manifest.sources[sourceIndex] as JobSource;
  const local = index - source.firstChunk;
  if (local >= chunksOf(source.plan)) {
    throw new RangeError(`planning: chunk ${index} lies in no source of the plan`);
  }
  return { index, sourceIndex, source, local, unit: unitOf(source, local) };
}

function unitOf(source: JobSource, local: number): ChunkUnit {
  const plan = source.plan;
  switch (plan.kind) {
    case 'ranges': {
      const { start, end } = chunkRange(plan, local);
      return { kind: 'range', start, end };
    }
    case 'whole':
      return { kind: 'whole', start: 0, end: source.size };
    case 'rowGroups': {
      const group = plan.groups[local] as (typeof plan.groups)[number];
      return { kind: 'rowGroups', ...group };
    }
    case 'entries': {
      const group = plan.groups[local] as (typeof plan.groups)[number];
      return { kind: 'entries', ...group };
    }
  }
}

/** Binary search: the sources are ordered by `firstChunk`. */
function lastSourceStartingAtOrBefore(sources: readonly JobSource[], index: number): number {
  let low = 0;
  let high = sources.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((sources[mid] as JobSource).firstChunk <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}
