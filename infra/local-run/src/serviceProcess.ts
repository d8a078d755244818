import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleService } from './bundleService.ts';

/** The three Chunkline services. */
export type ServiceName = 'dispatcher' | 'processor' | 'merger';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Node flags every service runs with, here and in the container images. An 8 MiB semi-space
 * keeps short-lived row objects from inflating the heap (V8's default grows it to 16–32 MiB
 * per isolate; 4 MiB cost a tenth more time in scavenges); growing the old generation by at
 * most 2× after each full GC (V8 picks up to 4× for a small heap) keeps a busy processor near
 * 200 MiB instead of 260–290 MiB (`npm run bench -- --size 512MiB --only chunkline-2,chunkline-1`).
 * Neither is a hard limit: a large record still gets the memory it needs.
 */
export const SERVICE_NODE_FLAGS = [
  '--max-semi-space-size=8',
  '--heap-growing-percent=100',
] as const;

/** Services bundled by this process: each is bundled once, from the sources as they are. */
const bundled = new Map<ServiceName, string>();

/**
 * The command that runs a service: the same one its container image runs, so the tests
 * and the demo exercise exactly what is deployed. The service's bundle is made from the
 * current sources the first time this process starts it (about 0.1 s), so it is never stale.
 */
export function serviceCommand(name: ServiceName): {
  command: string;
  args: string[];
  cwd: string;
} {
  return {
    command: process.execPath,
    args: [...SERVICE_NODE_FLAGS, bundledService(name)],
    cwd: repoRoot,
  };
}

/** A service running as a child process. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<number | null>;
  /** Freeze (SIGSTOP) or thaw (SIGCONT) the process, to catch it mid-step. */
  pause(): void;
  resume(): void;
}

/** Start one service process with this environment; its JSON logs go to `logDir`. */
export function startServiceProcess(
  name: ServiceName,
  env: Readonly<Record<string, string>>,
  logDir: string,
  instance: string = name,
): ServiceProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${instance}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const { command, args, cwd } = serviceCommand(name);
  const child = spawn(command, args, {
    cwd,
    env: { ...minimalEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolveExit(code ?? (signal ? null : 0));
    });
  });
  const stop = async (graceMs = 30_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  };
  const pause = (): void => void child.kill('SIGSTOP');
  const resume = (): void => void child.kill('SIGCONT');
  return { name: instance, child, logFile, exited, stop, kill, pause, resume };
}

/** Only what a service needs from the parent environment; CHUNKLINE_* comes from the caller. */
function minimalEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS', 'TZ'];
  return Object.fromEntries(
    keep.flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])),
  );
}

function bundledService(name: ServiceName): string {
  let path = bundled.get(name);
  if (path === undefined) {
    path = bundleService(name, repoRoot);
    bundled.set(name, path);
  }
  return path;
}
