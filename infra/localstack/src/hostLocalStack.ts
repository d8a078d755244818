import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureLocalStackVenv } from './ensureVenv.ts';
import { onProcessExit } from './exitCleanup.ts';
import { findFreePort } from './freePort.ts';
import { waitForLocalStackHealth } from './health.ts';
import { hostLocalStackEnvironment } from './hostEnvironment.ts';
import { tailFile } from './logTail.ts';
import { signalGroup, stopGroup } from './processGroup.ts';
import type { LocalStackHandle, LogLine } from './types.ts';

/** Runs LocalStack in-process and stops it when this Node process goes away; see the file's docstring. */
const RUNNER = join(import.meta.dirname, 'run_localstack.py');
const PORT_ATTEMPTS = 3;
const LOG_MAX_AGE_MS = 24 * 60 * 60_000;

/** Options for {@link startHostLocalStack}. */
export interface HostLocalStackOptions {
  /** Directory whose `.localstack/` holds the venv, logs and per-run state. */
  readonly repoRoot: string;
  /** Receives progress lines. */
  readonly log: LogLine;
  /** How long to wait for S3 and SQS to become ready. Default 120 s. */
  readonly startupTimeoutMs?: number;
}

/** Thrown internally when another process already listens on the port we picked. */
class PortTakenError extends Error {}

function logText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Removes logs of earlier runs older than a day so `.localstack/` does not grow forever. */
function pruneOldLogs(stateDir: string): void {
  for (const name of readdirSync(stateDir)) {
    if (!/^localstack-\d+\.log$/.test(name)) continue;
    const path = join(stateDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > LOG_MAX_AGE_MS) rmSync(path, { force: true });
    } catch {
      // Another run may be pruning at the same time.
    }
  }
}

function exitDescription(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  return undefined;
}

/** Spawns LocalStack (through {@link RUNNER}) on `port`, and resolves once it serves S3 and SQS there. */
async function startOnPort(
  python: string,
  stateDir: string,
  port: number,
  options: HostLocalStackOptions,
): Promise<LocalStackHandle> {
  const runDir = join(stateDir, `run-${port}`);
  const logPath = join(stateDir, `localstack-${port}.log`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const logFd = openSync(logPath, 'w');
  let child: ChildProcess;
  try {
    child = spawn(python, [RUNNER], {
      cwd: runDir,
      env: hostLocalStackEnvironment(port, runDir),
      detached: true,
      stdio: ['pipe', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  const pgid = child.pid;
  if (pgid === undefined) {
    throw new Error(
      `Could not start ${python} ${RUNNER}; check that the venv works (delete ${join(stateDir, 'venv')} to rebuild it).`,
    );
  }
  // The pipe on stdin is the runner's lifeline: it closes when this process dies, however it dies.
  // Never write to it, and do not let it (or the child) keep this process alive.
  child.stdin?.on('error', () => undefined);
  if (child.stdin instanceof Socket) child.stdin.unref();
  child.unref();
  const unregister = onProcessExit(() => {
    signalGroup(pgid, 'SIGKILL');
    rmSync(runDir, { recursive: true, force: true });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      unregister();
      await stopGroup(child, pgid);
      child.stdin?.destroy();
      rmSync(runDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const failIfDead = (): void => {
    if (/CannotListenError|Address already in use/.test(logText(logPath))) {
      throw new PortTakenError(`port ${port} is already in use`);
    }
    const exited = exitDescription(child);
    if (exited !== undefined) {
      throw new Error(
        `LocalStack ${exited} before it was ready. Log: ${logPath}\n--- last 20 lines ---\n${tailFile(logPath)}`,
      );
    }
  };
  try {
    const timeoutMs = options.startupTimeoutMs ?? 120_000;
    const started = Date.now();
    await waitForLocalStackHealth(endpoint, { timeoutMs, check: failIfDead });
    // Another LocalStack on the same port could have answered; ours prints "Ready." once its gateway is bound.
    while (!/^Ready\.$/m.test(logText(logPath))) {
      failIfDead();
      if (Date.now() - started > timeoutMs)
        throw new Error('LocalStack answered health checks but never printed "Ready."');
      await sleep(100);
    }
    failIfDead();
  } catch (error) {
    await stop();
    if (error instanceof PortTakenError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (reason.includes(logPath)) throw error;
    throw new Error(
      `${reason}\nLocalStack log: ${logPath}\n--- last 20 lines ---\n${tailFile(logPath)}`,
      { cause: error },
    );
  }
  return { endpoint, source: 'host', pid: pgid, stop };
}

/**
 * Starts LocalStack as a plain process on this machine (no Docker): ensures the venv in `<repoRoot>/.localstack/venv`,
 * picks a free port on 127.0.0.1, and waits until S3 and SQS answer. Output goes to `<repoRoot>/.localstack/localstack-<port>.log`.
 * The returned `stop()` ends its process group; it is also killed if this process exits or dies first.
 */
export async function startHostLocalStack(
  options: HostLocalStackOptions,
): Promise<LocalStackHandle> {
  const venv = await ensureLocalStackVenv(options.repoRoot, options.log);
  const stateDir = join(options.repoRoot, '.localstack');
  pruneOldLogs(stateDir);
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    options.log(
      `starting LocalStack on 127.0.0.1:${port} (log: ${join(stateDir, `localstack-${port}.log`)})`,
    );
    try {
      return await startOnPort(venv.python, stateDir, port, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= PORT_ATTEMPTS) throw error;
      options.log(`port ${port} was taken before LocalStack could bind it; trying another`);
    }
  }
}
