import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Places a Docker (or compatible) engine socket usually lives when `DOCKER_HOST` is not set. */
function defaultSocketPaths(): string[] {
  const paths = ['/var/run/docker.sock', join(homedir(), '.docker', 'run', 'docker.sock')];
  const runtimeDir = process.env['XDG_RUNTIME_DIR'];
  if (runtimeDir !== undefined && runtimeDir !== '') {
    paths.push(join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock'));
  }
  return paths;
}

/** True when nothing suggests a container engine, so testcontainers need not even be imported. */
function noEngineHints(): boolean {
  const explicit =
    process.env['DOCKER_HOST'] ??
    process.env['TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE'] ??
    process.env['TESTCONTAINERS_HOST_OVERRIDE'];
  if (explicit !== undefined && explicit !== '') {
    return false;
  }
  if (existsSync(join(homedir(), '.testcontainers.properties'))) {
    return false;
  }
  return !defaultSocketPaths().some((path) => existsSync(path));
}

/**
 * Whether a container engine answers, decided within `timeoutMs` (default 1.5 s).
 * Skips testcontainers entirely when no socket or `DOCKER_HOST` exists; otherwise asks testcontainers'
 * own runtime discovery, which also honours `~/.testcontainers.properties`.
 */
export async function isContainerRuntimeAvailable(timeoutMs = 1_500): Promise<boolean> {
  if (noEngineHints()) {
    return false;
  }
  const { getContainerRuntimeClient } = await import('testcontainers');
  const probe = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
