import { EnvReader } from '@chunkline/config';

const MiB = 1024 * 1024;

/** The contenders the bench can run; `--only` picks a subset. */
export const CONTENDERS = [
  'copy',
  'naive',
  'duckdb',
  'chunkline-1',
  'chunkline-2',
  'storage',
  'chunkline-jsonl',
  'memory',
  'planning',
] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/** What one bench run measures. */
export interface BenchOptions {
  /** Bytes of the main CSV input (and of its JSON Lines twin). Default 1 GiB. */
  readonly size: number;
  /** Bytes of the small CSV of the memory comparison. Default 100 MiB. */
  readonly memorySize: number;
  /** Seed of the generated data. Default 2026. */
  readonly seed: number;
  readonly only: readonly ContenderName[];
  /** Times the copy floor, DuckDB and chunkline-2 run, one after another. Default 1. */
  readonly rounds: number;
}

const USAGE = `usage: npm run bench -- [--size 1GiB] [--memory-size 100MiB] [--seed 2026] [--rounds 1] [--only ${CONTENDERS.join(',')}]`;

/** Parse `--size`, `--memory-size`, `--seed`, `--rounds` and `--only`; throws with the usage on a bad one. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new Error(`bench: ${flag}: ${USAGE}`);
    raw[flag.slice(2).toUpperCase().replace('-', '_')] = value;
  }
  const reader = new EnvReader(raw);
  const size = reader.bytes('SIZE', 1024 * MiB, MiB, 64 * 1024 * MiB, '--size from 1MiB to 64GiB');
  const memorySize = reader.bytes(
    'MEMORY_SIZE',
    100 * MiB,
    MiB,
    64 * 1024 * MiB,
    '--memory-size from 1MiB to 64GiB',
  );
  const seed = reader.int('SEED', 2026, 0, 2 ** 31 - 1);
  const rounds = reader.int('ROUNDS', 1, 1, 20);
  const onlyText = raw['ONLY'];
  delete raw['ONLY'];
  const only = (onlyText ?? CONTENDERS.join(',')).split(',').map((name) => {
    if (!(CONTENDERS as readonly string[]).includes(name))
      throw new Error(`bench: unknown contender ${name} in --only; ${USAGE}`);
    return name as ContenderName;
  });
  if (only.includes('storage') && !only.includes('chunkline-2'))
    throw new Error(
      `bench: --only storage needs chunkline-2 as well (the storage floor repeats its plan and output size); ${USAGE}`,
    );
  const unknown = Object.keys(raw).filter(
    (k) => !['SIZE', 'MEMORY_SIZE', 'SEED', 'ROUNDS'].includes(k),
  );
  if (unknown.length > 0) throw new Error(`bench: unknown option ${unknown.join(', ')}; ${USAGE}`);
  reader.finish('bench');
  return { size, memorySize, seed, only, rounds };
}
