import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second (`getconf CLK_TCK`), 100 on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;

/** Bytes of a `/proc/<pid>/status` field given in kB (`VmRSS`, `VmHWM`), or 0 once gone. */
export function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far, or undefined once gone. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of the whole machine so far, summed over its cores (from `/proc/stat`): busy,
 * and stolen (a virtual machine's core wanted to run while its host ran something else).
 */
export function machineSeconds(): { readonly busy: number; readonly stolen: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // user nice system idle iowait irq softirq steal (guest time is already in user and nice).
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return {
    busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND,
    stolen: steal / TICKS_PER_SECOND,
  };
}

/** What a {@link ProcessSampler} saw between its start and `stop()`. */
export interface ProcessUsage {
  /** Peak resident memory by label: the larger of the sampled VmRSS and the kernel's VmHWM. */
  readonly peakRss: Record<string, number>;
  /**
   * CPU seconds used by each labelled process while sampled, plus `machine` for all of it and
   * `stolen` for what the host took from this machine's cores meanwhile.
   */
  readonly cpuSeconds: Record<string, number>;
}

/** Peak memory and CPU time of some processes, sampled from `/proc` while they run. */
export interface ProcessSampler {
  stop(): ProcessUsage;
}

/**
 * Sample `VmRSS` of each process every `intervalMs` (default 100), and read the kernel's
 * own high-water mark (`VmHWM`) at each sample too, so a peak between samples still counts.
 * CPU time is the difference of each process's counters between start and the last sample
 * it was alive for. `cpuOnly` processes (LocalStack, already large) get CPU time only.
 */
export function sampleProcesses(
  processes: Readonly<Record<string, number>>,
  cpuOnly: Readonly<Record<string, number>> = {},
  intervalMs = 100,
): ProcessSampler {
  const all = { ...processes, ...cpuOnly };
  const peaks: Record<string, number> = Object.fromEntries(
    Object.keys(processes).map((label) => [label, 0]),
  );
  const cpuAtStart = new Map<string, number>();
  const cpuLast = new Map<string, number>();
  for (const [label, pid] of Object.entries(all)) {
    const seconds = procCpuSeconds(pid);
    if (seconds !== undefined) cpuAtStart.set(label, seconds);
  }
  const machineAtStart = machineSeconds();
  const sample = (): void => {
    for (const [label, pid] of Object.entries(processes)) {
      const now = Math.max(procStatusBytes(pid, 'VmRSS'), procStatusBytes(pid, 'VmHWM'));
      peaks[label] = Math.max(peaks[label] ?? 0, now);
    }
    for (const [label, pid] of Object.entries(all)) {
      const seconds = procCpuSeconds(pid);
      if (seconds !== undefined) cpuLast.set(label, seconds);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      const cpuSeconds: Record<string, number> = {};
      for (const [label, start] of cpuAtStart)
        cpuSeconds[label] = (cpuLast.get(label) ?? start) - start;
      const machineNow = machineSeconds();
      cpuSeconds['machine'] = machineNow.busy - machineAtStart.busy;
      cpuSeconds['stolen'] = machineNow.stolen - machineAtStart.stolen;
      return { peakRss: { ...peaks }, cpuSeconds };
    },
  };
}
