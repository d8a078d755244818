import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALSTACK_PIP_REQUIREMENT, LOCALSTACK_VERSION } from './constants.ts';
import { findPython, MIN_PYTHON, pythonVersion } from './findPython.ts';
import { withInstallLock } from './installLock.ts';
import { runCommand } from './runCommand.ts';
import type { LogLine } from './types.ts';

/**
 * pip constraints pinning LocalStack's dependencies to the versions LocalStack itself locks.
 * Without them pip takes newer releases that break 4.14.0 (cbor2 6, pyOpenSSL 26).
 */
export const CONSTRAINTS_FILE = join(
  import.meta.dirname,
  '..',
  `constraints-${LOCALSTACK_VERSION}.txt`,
);

const STAMP_FILE = '.chunkline-installed';

/** Paths of the host venv LocalStack runs from. */
export interface LocalStackVenv {
  /** The venv directory, `<repoRoot>/.localstack/venv`. */
  readonly dir: string;
  /** Its Python interpreter. */
  readonly python: string;
}

function expectedStamp(): string {
  const constraints = readFileSync(CONSTRAINTS_FILE);
  return `${LOCALSTACK_PIP_REQUIREMENT}\nconstraints-sha256=${createHash('sha256').update(constraints).digest('hex')}\n`;
}

async function isInstalled(venv: LocalStackVenv, stamp: string): Promise<boolean> {
  const stampPath = join(venv.dir, STAMP_FILE);
  if (
    !existsSync(venv.python) ||
    !existsSync(stampPath) ||
    readFileSync(stampPath, 'utf8') !== stamp
  ) {
    return false;
  }
  const result = await runCommand(venv.python, [
    '-c',
    'from localstack.version import __version__; print(__version__)',
  ]);
  return result.code === 0 && result.stdout.trim() === LOCALSTACK_VERSION;
}

async function createVenv(venv: LocalStackVenv, log: LogLine): Promise<void> {
  if (existsSync(venv.python)) {
    const version = await pythonVersion(venv.python);
    const tooOld =
      version === undefined ||
      version[0] < MIN_PYTHON[0] ||
      (version[0] === MIN_PYTHON[0] && version[1] < MIN_PYTHON[1]);
    if (!tooOld) return;
    log(
      `removing ${venv.dir}: it runs Python ${version?.join('.') ?? '(broken)'}, LocalStack needs >= ${MIN_PYTHON.join('.')}`,
    );
    rmSync(venv.dir, { recursive: true, force: true });
  }
  const python = await findPython();
  log(`creating venv ${venv.dir} with ${python.command} (Python ${python.version.join('.')})`);
  const result = await runCommand(python.command, ['-m', 'venv', venv.dir]);
  if (result.code !== 0) {
    throw new Error(
      `\`${python.command} -m venv ${venv.dir}\` failed (exit ${String(result.code)}): ${result.stderr.trim()}`,
    );
  }
}

/**
 * Makes sure `<repoRoot>/.localstack/venv` has `localstack-core[runtime]` at {@link LOCALSTACK_VERSION}, installing it
 * (about 1.5 min on a cold pip cache) when missing or out of date, and reusing it otherwise. pip's output goes to `log`.
 */
export async function ensureLocalStackVenv(
  repoRoot: string,
  log: LogLine,
): Promise<LocalStackVenv> {
  const stateDir = join(repoRoot, '.localstack');
  const venv: LocalStackVenv = {
    dir: join(stateDir, 'venv'),
    python: join(stateDir, 'venv', 'bin', 'python'),
  };
  const stamp = expectedStamp();
  if (await isInstalled(venv, stamp)) {
    return venv;
  }
  mkdirSync(stateDir, { recursive: true });
  return withInstallLock(join(stateDir, 'venv.lock'), log, async () => {
    if (await isInstalled(venv, stamp)) {
      return venv;
    }
    await createVenv(venv, log);
    rmSync(join(venv.dir, STAMP_FILE), { force: true });
    log(
      `pip install ${LOCALSTACK_PIP_REQUIREMENT} into ${venv.dir} (takes a minute or two the first time)`,
    );
    const args = [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--progress-bar',
      'off',
      LOCALSTACK_PIP_REQUIREMENT,
      '-c',
      CONSTRAINTS_FILE,
    ];
    const result = await runCommand(venv.python, args, { onLine: (line) => log(`pip: ${line}`) });
    if (result.code !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
      throw new Error(
        `Installing LocalStack failed: \`${venv.python} ${args.join(' ')}\` exited ${String(result.code)}. ` +
          `pip needs to reach PyPI (or a mirror via PIP_INDEX_URL). Delete ${venv.dir} to start over. Last output:\n${tail}`,
      );
    }
    if (!(await isImportable(venv))) {
      throw new Error(
        `pip reported success but \`import localstack\` fails in ${venv.python}; delete ${venv.dir} and try again.`,
      );
    }
    writeFileSync(join(venv.dir, STAMP_FILE), stamp);
    return venv;
  });
}

/** Imports the modules that broke with unpinned dependencies or an old Python, as a smoke test. */
async function isImportable(venv: LocalStackVenv): Promise<boolean> {
  const result = await runCommand(venv.python, [
    '-c',
    'import localstack.aws.components, localstack.services.stores',
  ]);
  return result.code === 0;
}
