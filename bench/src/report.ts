import { cpus, totalmem } from 'node:os';
import type { PlanningFigure } from './planningScale.ts';
import { RACERS, roundRatios } from './rounds.ts';
import type { Round } from './rounds.ts';

const MiB = 1024 * 1024;

/** One contender's run over one input. */
export interface ThroughputRow {
  readonly name: string;
  readonly input: string;
  readonly inputBytes: number;
  readonly seconds: number;
  readonly outputBytes: number;
  /** Peak RSS by process. */
  readonly peakRss: Readonly<Record<string, number>>;
  /**
   * CPU seconds by process during the run, `machine` for the whole machine (all cores), and
   * `stolen` for what its host took from it.
   */
  readonly cpuSeconds?: Readonly<Record<string, number>> | undefined;
  readonly phases?: Readonly<Record<string, number>> | undefined;
}

/** Chunkline's request and byte costs in one run. */
export interface CostRow {
  readonly name: string;
  readonly chunks: number;
  /** Requests of all services per chunk, by `<client>.<command>`. */
  readonly requestsPerChunk: Readonly<Record<string, number>>;
  /** GetObject bytes of all services (processors only) per input byte. */
  readonly bytesFetchedPerInputByte: number;
  readonly processorBytesFetchedPerInputByte: number;
}

/** Peak RSS of processor and merger at two input sizes. */
export interface MemoryRow {
  readonly process: 'processor' | 'merger';
  readonly small: { readonly inputBytes: number; readonly peakRss: number };
  readonly large: { readonly inputBytes: number; readonly peakRss: number };
}

/** One target of the issue and whether this run met it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Everything one bench run measured; written as JSON under bench/results/. */
export interface BenchResults {
  readonly command: string;
  readonly startedAt: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly rows: readonly ThroughputRow[];
  readonly costs: readonly CostRow[];
  readonly memory: readonly MemoryRow[];
  readonly planning: PlanningFigure | undefined;
  /** Wall seconds of the racers, per round; the first is the tables' run. */
  readonly rounds: readonly Round[];
  readonly targets: readonly TargetCheck[];
}

/** The machine the numbers come from. */
export function machine(localstack: string): Record<string, string | number> {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    localstack,
  };
}

const mbps = (row: ThroughputRow): number => row.inputBytes / 1e6 / row.seconds;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;
const pad = (cells: readonly string[], widths: readonly number[]): string =>
  `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [
    pad(header, widths),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => pad(r, widths)),
  ].join('\n');
}

/** The results as Markdown: throughput with ratios, costs, memory, planning, targets. */
export function renderReport(results: BenchResults): string {
  const { rows } = results;
  const short = rows.map((r) => r.name);
  const throughput = markdownTable(
    ['contender', 'input', 'wall s', 'input MB/s', ...short.map((s) => `× ${s}`), 'peak RSS'],
    rows.map((row) => [
      row.name,
      `${row.input} (${mib(row.inputBytes)})`,
      row.seconds.toFixed(1),
      mbps(row).toFixed(1),
      ...rows.map((other) => (other.seconds / row.seconds).toFixed(2)),
      Object.entries(row.peakRss)
        .map(([name, bytes]) => `${name} ${mib(bytes)}`)
        .join(', '),
    ]),
  );
  const cores = Number(results.machine['cores']) || 1;
  const cpu = markdownTable(
    ['contender', 'machine busy', 'CPU s by process'],
    rows.map((row) => {
      const { machine: busy = 0, stolen, ...byProcess } = row.cpuSeconds ?? {};
      const stole = stolen === undefined ? '' : `, ${stolen.toFixed(1)} stolen`;
      return [
        row.name,
        `${busy.toFixed(1)} of ${(row.seconds * cores).toFixed(1)} core-s${stole}`,
        Object.entries(byProcess)
          .map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`)
          .join(', '),
      ];
    }),
  );
  const ops = [...new Set(results.costs.flatMap((c) => Object.keys(c.requestsPerChunk)))].sort();
  const costs = markdownTable(
    ['requests per chunk', ...results.costs.map((c) => `${c.name} (${c.chunks} chunks)`)],
    [
      ...ops.map((op) => [
        op,
        ...results.costs.map((c) => (c.requestsPerChunk[op] ?? 0).toFixed(2)),
      ]),
      [
        'bytes fetched / input byte (all services)',
        ...results.costs.map((c) => c.bytesFetchedPerInputByte.toFixed(4)),
      ],
      [
        'bytes fetched / input byte (processors)',
        ...results.costs.map((c) => c.processorBytesFetchedPerInputByte.toFixed(4)),
      ],
    ],
  );
  const memory = markdownTable(
    ['process', 'peak RSS small input', 'peak RSS large input', 'change'],
    results.memory.map((m) => [
      m.process,
      `${mib(m.small.peakRss)} (${mib(m.small.inputBytes)})`,
      `${mib(m.large.peakRss)} (${mib(m.large.inputBytes)})`,
      `${(((m.large.peakRss - m.small.peakRss) / m.small.peakRss) * 100).toFixed(1)} %`,
    ]),
  );
  const p = results.planning;
  const planning = p
    ? `Planning a ${(p.objectBytes / 1024 ** 4).toFixed(0)} TiB object: ${p.chunks} chunks of ${mib(p.chunkSize)}, ${p.milliseconds.toFixed(2)} ms (plan and every range).`
    : '';
  const rounds = results.rounds.length > 1 ? renderRounds(results.rounds) : '';
  const targets = markdownTable(
    ['target', 'measured', 'met'],
    results.targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO']),
  );
  const m = results.machine;
  // Each section, followed by a blank line; a section this run did not measure is left out.
  const sections = [
    throughput,
    cpu,
    results.costs.length > 0 ? costs : '',
    results.memory.length > 0 ? memory : '',
    planning,
    rounds,
    targets,
  ].filter((section) => section !== '');
  return [
    `Machine: ${m['cpu']}, ${m['cores']} cores, ${m['memoryGiB']} GiB, Node ${m['node']}, LocalStack ${m['localstack']}`,
    `Command: ${results.command}`,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}

/** The racers' wall seconds per round, with chunkline-2's ratios to the others and their medians. */
function renderRounds(rounds: readonly Round[]): string {
  const racers = RACERS.filter((name) => rounds.some((round) => round[name] !== undefined));
  const others = racers.filter((name) => name !== 'chunkline-2');
  const ratioOf = (round: Round, other: (typeof RACERS)[number]): string => {
    const mine = round['chunkline-2'];
    const theirs = round[other];
    return mine !== undefined && theirs !== undefined ? (theirs / mine).toFixed(2) : '';
  };
  const medians = others.map((other) => {
    const r = roundRatios(rounds, 'chunkline-2', other);
    return r ? `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : '';
  });
  return markdownTable(
    ['round', ...racers.map((name) => `${name} s`), ...others.map((o) => `chunkline-2 × ${o}`)],
    [
      ...rounds.map((round, index) => [
        String(index + 1),
        ...racers.map((name) => round[name]?.toFixed(1) ?? ''),
        ...others.map((other) => ratioOf(round, other)),
      ]),
      ['median (range)', ...racers.map(() => ''), ...medians],
    ],
  );
}
