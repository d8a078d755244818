import { redriveDeadLetters } from '@chunkline/aws';
import type { CliContext, QueueRole } from '../cliContext.ts';
import { QUEUE_ROLES } from '../cliContext.ts';
import { CliError } from '../cliError.ts';
import type { Output } from './statusCommand.ts';

/**
 * `chunkline redrive [--queue ingest|chunk|merge]` (default: chunk): move the messages of
 * a queue's dead-letter queue back, once the cause of their failure is fixed.
 */
export async function redriveCommand(
  context: CliContext,
  queue: string | undefined,
  json: boolean,
  out: Output,
): Promise<number> {
  const role = (queue ?? 'chunk') as QueueRole;
  if (!QUEUE_ROLES.includes(role))
    throw new CliError(`--queue must be one of ${QUEUE_ROLES.join(', ')}, not "${queue}"`);
  const outcome = await redriveDeadLetters(context.sqs, context.queueUrl(role));
  if (json) out.write(`${JSON.stringify({ queue: role, ...outcome })}\n`);
  else
    out.write(
      `moved ${outcome.moved} message(s) from the ${role} DLQ back to the ${role} queue (${outcome.method})\n`,
    );
  return 0;
}
