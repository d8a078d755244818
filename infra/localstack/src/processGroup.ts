import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Sends `signal` to every process in the group led by `pgid`; ignores a group that is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True while any process (including an unreaped zombie) is left in group `pgid`. */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves true once `child` has exited and its group `pgid` is empty, or false after `timeoutMs`. */
export async function waitForGroupExit(
  child: ChildProcess,
  pgid: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const childDone = child.exitCode !== null || child.signalCode !== null;
    if (childDone && !groupExists(pgid)) return true;
    await sleep(100);
  }
  return false;
}

/**
 * Stops process group `pgid` led by `child`: SIGTERM, then SIGKILL if it is still there after `graceMs`.
 * Resolves when the group is gone (or, if even SIGKILL leaves unreaped zombies, after a further `graceMs`).
 */
export async function stopGroup(child: ChildProcess, pgid: number, graceMs = 5_000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitForGroupExit(child, pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitForGroupExit(child, pgid, graceMs);
}
