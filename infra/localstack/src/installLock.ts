import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogLine } from './types.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderPid(lockDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` while holding a cross-process lock (a directory at `lockDir` holding the owner's pid),
 * so parallel test runs do not build the same venv at once. A lock left by a dead process is taken over.
 */
export async function withInstallLock<T>(
  lockDir: string,
  log: LogLine,
  work: () => Promise<T>,
  timeoutMs = 15 * 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = holderPid(lockDir);
    if (pid === undefined || !isAlive(pid)) {
      // Either the holder died, or it is between mkdir and writing its pid; a short grace avoids stealing from the latter.
      await sleep(200);
      if (holderPid(lockDir) === pid && (pid === undefined || !isAlive(pid)))
        rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for process ${pid} to finish installing LocalStack (lock ${lockDir}). If no such install is running, delete ${lockDir}.`,
      );
    }
    if (!announced) {
      log(`waiting for process ${pid}, which is installing LocalStack (lock ${lockDir})`);
      announced = true;
    }
    await sleep(1_000);
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
