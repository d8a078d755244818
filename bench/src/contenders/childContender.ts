import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sampleProcesses } from '../processSampler.ts';
import type { ContenderJob, ContenderOutcome } from './types.ts';

/** The contenders that run as one Node process of their own. */
export type ChildContenderName = 'copy' | 'naive' | 'duckdb' | 'storage';

const ENTRY = fileURLToPath(new URL('./runContender.ts', import.meta.url));

/** A single-process contender's outcome plus its peak RSS and the CPU time used meanwhile. */
export interface ChildOutcome extends ContenderOutcome {
  readonly peakRss: Record<string, number>;
  readonly cpuSeconds: Record<string, number>;
}

/**
 * Run one single-process contender in its own Node process, sampling its RSS and the CPU
 * time of it and of the `alongside` processes (LocalStack).
 */
export async function runChildContender(
  name: ChildContenderName,
  job: ContenderJob,
  alongside: Readonly<Record<string, number>> = {},
): Promise<ChildOutcome> {
  const child = spawn(process.execPath, [ENTRY, name, JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sampler = sampleProcesses({ [name]: child.pid ?? 0 }, alongside);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const usage = sampler.stop();
  if (code !== 0) throw new Error(`bench: contender ${name} exited with ${code}`);
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return { ...(JSON.parse(last) as ContenderOutcome), ...usage };
}
