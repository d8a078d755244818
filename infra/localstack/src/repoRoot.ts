import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function nearestAncestorWith(startDir: string, marker: string): string | undefined {
  let dir = startDir;
  for (;;) {
    if (existsSync(join(dir, marker))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The Chunkline repository root: the nearest directory at or above `startDir` holding `nx.json`,
 * else the nearest holding `.git`, else `process.cwd()` (e.g. when the package was copied elsewhere).
 */
export function findRepoRoot(startDir: string = import.meta.dirname): string {
  return (
    nearestAncestorWith(startDir, 'nx.json') ??
    nearestAncestorWith(startDir, '.git') ??
    process.cwd()
  );
}
