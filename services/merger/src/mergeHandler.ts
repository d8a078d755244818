import { mergeMessageSchema, parseJsonBody, parseWithSchema } from '@chunkline/contracts';
import { ManifestCache, mergeJob } from '@chunkline/jobs';
import type { ProcessDeps } from '@chunkline/jobs';
import { recordMerge } from '@chunkline/runtime';
import type { MessageHandler, ServiceMetrics } from '@chunkline/runtime';

/**
 * Handle one merge message, recording its duration and output in `metrics`; a malformed
 * one throws, so it ends in the merge DLQ.
 */
export function mergeHandler(deps: ProcessDeps, metrics: ServiceMetrics): MessageHandler {
  const manifests = new ManifestCache();
  return async (message) => {
    const merge = parseWithSchema(
      mergeMessageSchema,
      parseJsonBody(message.body, 'merge'),
      'merge',
    );
    await recordMerge(metrics, () => mergeJob(deps, merge, manifests));
  };
}
