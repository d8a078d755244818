import { spawn } from 'node:child_process';

/** Result of {@link runCommand}. */
export interface CommandResult {
  /** Exit code, or `null` when the process was ended by a signal or could not start. */
  readonly code: number | null;
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr, plus the spawn error message when the program could not start. */
  readonly stderr: string;
}

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  /** Called with each complete output line (stdout and stderr) as it arrives. */
  readonly onLine?: (line: string) => void;
  /** Environment for the child; defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `command` with `args` to completion without a shell and collects its output.
 * Never rejects: a program that cannot be started yields `code: null` and the reason in `stderr`.
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    const pending = { stdout: '', stderr: '' };
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      if (options.onLine === undefined) return;
      const lines = (pending[stream] + text).split(/\r?\n/);
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') options.onLine(line);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    child.once('error', (error) => {
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.once('close', (code) => {
      for (const rest of [pending.stdout, pending.stderr])
        if (rest.trim() !== '') options.onLine?.(rest);
      resolve({ code, stdout, stderr });
    });
  });
}
