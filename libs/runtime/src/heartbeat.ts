import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@chunkline/contracts';

/** SQS keeps a message invisible for at most 12 hours after it was received. */
export const VISIBILITY_CEILING_SECONDS = 12 * 60 * 60;
/** Stay this far below the ceiling, so the last extension is never refused. */
const CEILING_MARGIN_SECONDS = 5;

/**
 * The visibility timeout a heartbeat should set `elapsedSeconds` after the message was
 * received: the configured timeout, cut so the total stays under SQS's 12-hour ceiling;
 * `undefined` once no further extension is allowed (the heartbeat stops there).
 */
export function heartbeatExtension(
  elapsedSeconds: number,
  visibilitySeconds: number,
): number | undefined {
  const remaining = Math.floor(
    VISIBILITY_CEILING_SECONDS - CEILING_MARGIN_SECONDS - elapsedSeconds,
  );
  if (remaining <= 0) return undefined;
  return Math.min(visibilitySeconds, remaining);
}

/** A running heartbeat for one message. */
export interface Heartbeat {
  /** Extensions sent so far. */
  readonly beats: number;
  stop(): void;
}

/**
 * Keep one message invisible while it is worked on: every `intervalSeconds`, extend its
 * visibility to `visibilitySeconds` from now, until the 12-hour ceiling. A failed
 * extension is logged, not thrown: the work goes on and, at worst, is done twice, which
 * the conditional writes make harmless.
 */
export function startHeartbeat(options: {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly receiptHandle: string;
  readonly visibilitySeconds: number;
  readonly intervalSeconds: number;
  readonly log: Logger;
  readonly now?: () => number;
  /** Called on each extension sent (for the heartbeat counter). */
  readonly onBeat?: () => void;
}): Heartbeat {
  const now = options.now ?? Date.now;
  const receivedAt = now();
  let beats = 0;
  const timer = setInterval(() => {
    const extension = heartbeatExtension((now() - receivedAt) / 1000, options.visibilitySeconds);
    if (extension === undefined) {
      clearInterval(timer);
      options.log.info('heartbeat.ceiling-reached', { beats });
      return;
    }
    beats += 1;
    options.onBeat?.();
    options.sqs
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: options.queueUrl,
          ReceiptHandle: options.receiptHandle,
          VisibilityTimeout: extension,
        }),
      )
      .catch((error: unknown) =>
        options.log.warn('heartbeat.failed', {
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
  }, options.intervalSeconds * 1000);
  timer.unref();
  return {
    get beats() {
      return beats;
    },
    stop: () => clearInterval(timer),
  };
}
