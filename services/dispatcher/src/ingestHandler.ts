import { parseIngestMessage } from '@chunkline/contracts';
import type { Logger } from '@chunkline/contracts';
import { dispatchObject } from '@chunkline/jobs';
import type { DispatchDeps, JobConfig } from '@chunkline/jobs';
import type { MessageHandler } from '@chunkline/runtime';

/**
 * Handle one ingest message: ignore S3's test event, and dispatch every created object
 * it names. A malformed message throws, so it is retried and then dead-lettered.
 */
export function ingestHandler(
  deps: DispatchDeps,
  jobConfig: JobConfig,
  log: Logger,
): MessageHandler {
  return async (message) => {
    const ingest = parseIngestMessage(message.body);
    if (ingest.kind === 'test') {
      log.info('ingest.test-event-ignored', { messageId: message.id });
      return;
    }
    for (const object of ingest.objects) {
      const outcome = await dispatchObject(deps, jobConfig, object);
      if (outcome.kind === 'skipped') {
        log.info('ingest.skipped', {
          bucket: object.bucket,
          key: object.key,
          reason: outcome.reason,
        });
      }
    }
  };
}
