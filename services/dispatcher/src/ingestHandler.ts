import { parseIngestMessage } from '@chunkline/contracts';
import type { Logger } from '@chunkline/contracts';
import { dispatchObject } from '@chunkline/jobs';
import type { DispatchDeps, JobConfig } from '@chunkline/jobs';
import { objectKeyProblem } from '@chunkline/runtime';
import type { MessageHandler, ServiceMetrics } from '@chunkline/runtime';

/**
 * Handle one ingest message: ignore S3's test event, refuse object keys that are too long
 * or could lead outside their prefix (logged with the reason), and dispatch every other
 * created object it names. A malformed message throws, so it is retried and then
 * dead-lettered.
 */
export function ingestHandler(
  deps: DispatchDeps,
  jobConfig: JobConfig,
  log: Logger,
  metrics: ServiceMetrics,
): MessageHandler {
  return async (message) => {
    const ingest = parseIngestMessage(message.body);
    if (ingest.kind === 'test') {
      log.info('ingest.test-event-ignored', { messageId: message.id });
      return;
    }
    for (const object of ingest.objects) {
      const problem = objectKeyProblem(object.key);
      if (problem !== undefined) {
        metrics.objectRejected(problem);
        log.warn('ingest.key-rejected', {
          messageId: message.id,
          bucket: object.bucket,
          keyBytes: Buffer.byteLength(object.key, 'utf8'),
          reason: problem,
        });
        continue;
      }
      const outcome = await dispatchObject(deps, jobConfig, object);
      if (outcome.kind === 'dispatched') metrics.jobDispatched(outcome.created, outcome.chunkCount);
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
