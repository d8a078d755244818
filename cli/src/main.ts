import { parseArgs } from 'node:util';
import { ConfigErrors } from '@chunkline/config';
import { StoreError } from '@chunkline/contracts';
import { createCliContext } from './cliContext.ts';
import { CliError } from './cliError.ts';
import { demoCommand } from './demo/demoCommand.ts';
import { cleanupCommand } from './commands/cleanupCommand.ts';
import { jobsCommand } from './commands/jobsCommand.ts';
import { redriveCommand } from './commands/redriveCommand.ts';
import { statusCommand } from './commands/statusCommand.ts';
import type { Output } from './commands/statusCommand.ts';
import { submitCommand } from './commands/submitCommand.ts';
import { EXIT_INTERRUPTED, uploadCommand } from './commands/uploadCommand.ts';
import { COMMAND_HELP, USAGE } from './help.ts';

const stdout: Output = {
  write: (text) => process.stdout.write(text),
  isTty: process.stdout.isTTY === true,
};
const stderr: Output = {
  write: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
};

/**
 * Stop an upload on the first SIGINT/SIGTERM (parts in flight finish, the upload stays open
 * and resumes when run again); a second signal exits at once.
 */
function interruptions(): AbortController {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    stderr.write(
      '\ninterrupted: finishing the parts in flight; the upload stays open (again to stop at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}

async function main(argv: readonly string[], json: { on: boolean }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      size: { type: 'string' },
      processors: { type: 'string' },
      queue: { type: 'string' },
      force: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      abort: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  json.on = values.json;
  const [command, ...rest] = positionals;
  const [target] = rest;
  if (command === 'help' || (values.help && command === undefined)) {
    const topic = command === 'help' ? target : undefined;
    stdout.write(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : USAGE);
    return 0;
  }
  if (command === undefined) {
    stderr.write(USAGE);
    return 2;
  }
  if (values.help) {
    const help = COMMAND_HELP[command];
    if (!help) throw new CliError(`unknown command "${command}"; run chunkline --help`);
    stdout.write(help);
    return 0;
  }
  // With --json, stdout carries only the result document; progress goes to stderr.
  const progress = values.json ? stderr : stdout;
  if (command === 'upload') {
    return uploadCommand(
      process.env,
      {
        file: rest[0],
        url: rest[1],
        concurrency: values.concurrency,
        abort: values.abort,
        json: values.json,
      },
      { stdout, stderr, signal: interruptions().signal },
    );
  }
  if (command === 'demo')
    return demoCommand(
      { size: values.size, processors: values.processors, json: values.json },
      progress,
      stdout,
    );
  if (!(command in COMMAND_HELP))
    throw new CliError(`unknown command "${command}"; run chunkline --help`);
  const context = createCliContext(process.env);
  switch (command) {
    case 'submit':
      if (!target) throw new CliError('submit needs an object: chunkline submit s3://bucket/key');
      return submitCommand(context, target, values.follow, values.json, progress, stdout);
    case 'status':
      if (!target)
        throw new CliError('status needs a job id or an object: chunkline status s3://bucket/key');
      return statusCommand(context, target, values.json, stdout);
    case 'jobs':
      return jobsCommand(context, values.json, stdout);
    case 'redrive':
      return redriveCommand(context, values.queue, values.json, stdout);
    default:
      if (!target)
        throw new CliError('cleanup needs a job id or an object: chunkline cleanup <job-id>');
      return cleanupCommand(context, target, values.force, values.json, stdout);
  }
}

/** Print an error the user can act on: the message on stderr, and with --json on stdout too. */
function report(message: string, exitCode: number, json: boolean): void {
  stderr.write(`chunkline: ${message}\n`);
  if (json) stdout.write(`${JSON.stringify({ error: { message, exitCode } })}\n`);
  process.exitCode = exitCode;
}

const json = { on: process.argv.includes('--json') };
try {
  process.exitCode = await main(process.argv.slice(2), json);
} catch (error) {
  if (error instanceof CliError || error instanceof ConfigErrors) {
    report(error.message, error instanceof CliError ? error.exitCode : 2, json.on);
  } else if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    report(`${error.message}; run chunkline --help`, 2, json.on);
  } else if (error instanceof StoreError) {
    report(error.message, 1, json.on);
  } else {
    if (json.on)
      stdout.write(
        `${JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error), exitCode: 1 } })}\n`,
      );
    throw error;
  }
}
