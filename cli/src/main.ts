import { parseArgs } from 'node:util';
import { ConfigErrors } from '@chunkline/config';
import { createCliContext } from './cliContext.ts';
import { CliError } from './cliError.ts';
import { demoCommand } from './demo/demoCommand.ts';
import { cleanupCommand } from './commands/cleanupCommand.ts';
import { jobsCommand } from './commands/jobsCommand.ts';
import { redriveCommand } from './commands/redriveCommand.ts';
import { statusCommand } from './commands/statusCommand.ts';
import type { Output } from './commands/statusCommand.ts';
import { submitCommand } from './commands/submitCommand.ts';

const USAGE = `chunkline — process large S3 objects in record-aligned chunks, exactly once

Usage:
  chunkline submit s3://bucket/key [--follow]   process an object (as its S3 event would)
  chunkline status <job-id | s3://bucket/key> [--json]
                                                 live progress on a terminal, or JSON
  chunkline jobs [--json]                        list jobs with state and progress
  chunkline redrive [--queue ingest|chunk|merge] move a queue's dead letters back (default: chunk)
  chunkline cleanup <job-id | s3://bucket/key> [--force]
                                                 remove a failed job's staging state
  chunkline demo [--size 200MiB] [--processors 2]
                                                 run the whole pipeline on LocalStack
                                                 with a generated CSV, then summarize

Configuration comes from the same CHUNKLINE_* variables as the services (README).

Examples:
  chunkline submit s3://incoming/2026/orders.csv --follow
  chunkline status s3://incoming/2026/orders.csv
  chunkline status 3f9ac1d2b4e5a6f708192a3b4c5d6e7f --json
  chunkline redrive --queue chunk

Exit status: 0 done, 1 the job failed or was not found, 2 a usage or configuration error.
`;

async function main(argv: readonly string[]): Promise<number> {
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, target] = positionals;
  const out: Output = {
    write: (text) => process.stdout.write(text),
    isTty: process.stdout.isTTY === true,
  };
  if (values.help || command === undefined || command === 'help') {
    out.write(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === 'demo')
    return demoCommand({ size: values.size, processors: values.processors }, out);
  const context = createCliContext(process.env);
  switch (command) {
    case 'submit':
      if (!target) throw new CliError('submit needs an object: chunkline submit s3://bucket/key');
      return submitCommand(context, target, values.follow, out);
    case 'status':
      if (!target)
        throw new CliError('status needs a job id or an object: chunkline status s3://bucket/key');
      return statusCommand(context, target, values.json, out);
    case 'jobs':
      return jobsCommand(context, values.json, out);
    case 'redrive':
      return redriveCommand(context, values.queue, values.json, out);
    case 'cleanup':
      if (!target)
        throw new CliError('cleanup needs a job id or an object: chunkline cleanup <job-id>');
      return cleanupCommand(context, target, values.force, out);
    default:
      throw new CliError(`unknown command "${command}"; run chunkline --help`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError || error instanceof ConfigErrors) {
    process.stderr.write(`chunkline: ${error.message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 2;
  } else if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    process.stderr.write(`chunkline: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
