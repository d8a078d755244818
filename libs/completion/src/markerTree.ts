/** Children per node of the done-marker tree: one listing of 64 keys checks a whole group. */
export const FAN_OUT = 64;

/**
 * The shape of the done-marker tree for a job of `chunkCount` chunks: level 0 holds one
 * marker per chunk, level l + 1 one marker per complete group of `FAN_OUT` level-l
 * markers, and the single marker of the top level is the root.
 */
export interface MarkerTree {
  /** Node counts per level, from the leaves (level 0) up to the root's level. */
  readonly widths: readonly number[];
}

/** Build the tree for a job with this many chunks. */
export function markerTree(chunkCount: number): MarkerTree {
  if (!Number.isInteger(chunkCount) || chunkCount < 1) {
    throw new RangeError(`completion: chunk count must be a positive integer, got ${chunkCount}`);
  }
  const widths = [chunkCount];
  do {
    widths.push(Math.ceil((widths.at(-1) ?? 1) / FAN_OUT));
  } while (widths.at(-1) !== 1);
  return { widths };
}

/** Key of node `index` at `level`; siblings share the prefix `${level}/${parent}/`. */
export function markerKey(level: number, index: number): string {
  return `${level}/${Math.floor(index / FAN_OUT)}/${index}`;
}

/** Prefix that holds exactly the children of node `parent` at `level + 1`. */
export function childrenPrefix(level: number, parent: number): string {
  return `${level}/${parent}/`;
}

/** How many children node `parent` of level `level + 1` has. */
export function childCount(tree: MarkerTree, level: number, parent: number): number {
  const width = tree.widths[level] ?? 0;
  return Math.min(FAN_OUT, width - parent * FAN_OUT);
}

/** Key of the root marker; creating it is the single point that completes the job. */
export const ROOT_KEY = 'root';
