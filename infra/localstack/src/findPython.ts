import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PYTHON_ENV_VAR } from './constants.ts';
import { runCommand } from './runCommand.ts';

/** LocalStack 4.14 uses Python 3.12 syntax (PEP 695 generics), although its metadata says `>=3.10`. */
export const MIN_PYTHON: readonly [number, number] = [3, 12];

/** A Python interpreter and its version. */
export interface PythonInterpreter {
  /** Command or absolute path that starts it. */
  readonly command: string;
  /** `[major, minor]`. */
  readonly version: readonly [number, number];
}

/** `[major, minor]` of the interpreter started by `command`, or `undefined` when it does not run. */
export async function pythonVersion(
  command: string,
): Promise<readonly [number, number] | undefined> {
  const result = await runCommand(command, [
    '-c',
    'import sys; print(sys.version_info[0], sys.version_info[1])',
  ]);
  const match = /^(\d+) (\d+)\s*$/.exec(result.stdout);
  if (result.code !== 0 || match === null) {
    return undefined;
  }
  return [Number(match[1]), Number(match[2])];
}

function isRecentEnough(version: readonly [number, number]): boolean {
  return (
    version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1])
  );
}

/** Interpreters installed by pyenv, newest minor first but 3.13 (LocalStack's own) ahead of all. */
function pyenvCandidates(): string[] {
  const root = process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv');
  let names: string[];
  try {
    names = readdirSync(join(root, 'versions'));
  } catch {
    return [];
  }
  const parsed = names
    .map((name) => ({ name, match: /^3\.(\d+)\.(\d+)$/.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map((entry) => ({
      name: entry.name,
      minor: Number(entry.match?.[1]),
      patch: Number(entry.match?.[2]),
    }));
  const rank = (minor: number): number => (minor === 13 ? 1_000 : minor);
  parsed.sort((a, b) => rank(b.minor) - rank(a.minor) || b.patch - a.patch);
  return parsed.map((entry) => join(root, 'versions', entry.name, 'bin', 'python3'));
}

/**
 * Finds a Python >= 3.12 to build the LocalStack venv with. Order: `CHUNKLINE_LOCALSTACK_PYTHON`,
 * `python3.13` / `python3.12` / `python3` on PATH, then pyenv's installed versions.
 * Throws, saying how to fix it, when none is found.
 */
export async function findPython(): Promise<PythonInterpreter> {
  const explicit = process.env[PYTHON_ENV_VAR];
  if (explicit !== undefined && explicit !== '') {
    const version = await pythonVersion(explicit);
    if (version === undefined || !isRecentEnough(version)) {
      throw new Error(
        `${PYTHON_ENV_VAR}=${explicit} ${version === undefined ? 'does not run' : `is Python ${version.join('.')}`}; ` +
          `LocalStack needs Python >= ${MIN_PYTHON.join('.')}. Point it at a newer interpreter or unset it.`,
      );
    }
    return { command: explicit, version };
  }
  const tried: string[] = [];
  for (const command of ['python3.13', 'python3.12', 'python3', ...pyenvCandidates()]) {
    const version = await pythonVersion(command);
    tried.push(`${command} (${version === undefined ? 'not runnable' : version.join('.')})`);
    if (version !== undefined && isRecentEnough(version)) {
      return { command, version };
    }
  }
  throw new Error(
    `No Python >= ${MIN_PYTHON.join('.')} found to run LocalStack on the host (tried ${tried.join(', ')}). ` +
      `Install one (e.g. \`pyenv install 3.13\`) and/or set ${PYTHON_ENV_VAR} to its path, ` +
      `or start Docker, or set CHUNKLINE_LOCALSTACK_ENDPOINT to a running LocalStack.`,
  );
}
