import { readFileSync } from 'node:fs';

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

/** Peak resident memory of some processes, sampled from `/proc` while they run. */
export interface RssSampler {
  /** Stop sampling; the peak per label: the larger of the sampled VmRSS and the kernel's VmHWM. */
  stop(): Record<string, number>;
}

/**
 * Sample `VmRSS` of each process every `intervalMs` (default 100), and read the kernel's
 * own high-water mark (`VmHWM`) at each sample too, so a peak between samples still counts.
 */
export function sampleRss(
  processes: Readonly<Record<string, number>>,
  intervalMs = 100,
): RssSampler {
  const peaks: Record<string, number> = Object.fromEntries(
    Object.keys(processes).map((label) => [label, 0]),
  );
  const sample = (): void => {
    for (const [label, pid] of Object.entries(processes)) {
      const now = Math.max(procStatusBytes(pid, 'VmRSS'), procStatusBytes(pid, 'VmHWM'));
      peaks[label] = Math.max(peaks[label] ?? 0, now);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      return { ...peaks };
    },
  };
}
