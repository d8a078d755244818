import { mergeMessageSchema, parseJsonBody, parseWithSchema } from '@chunkline/contracts';
import { ManifestCache, mergeJob } from '@chunkline/jobs';
import type { ProcessDeps } from '@chunkline/jobs';
import { oneAtATimePerKey, recordMerge } from '@chunkline/runtime';
import type { MessageHandler, ServiceMetrics } from '@chunkline/runtime';

/**
 * Handle one merge message, recording its duration and output in `metrics`; a malformed
 * one throws, so it ends in the merge DLQ. Copies of one job's merge message (every
 * processor that sees the last chunk done sends one) are merged one after the other.
 */
export function mergeHandler(deps: ProcessDeps, metrics: ServiceMetrics): MessageHandler {
  const manifests = new ManifestCache();
  const perJob = oneAtATimePerKey();
  return async (message) => {
    const merge = parseWithSchema(
      mergeMessageSchema,
      parseJsonBody(message.body, 'merge'),
      'merge',
    );
    await perJob(merge.jobId, () => recordMerge(metrics, () => mergeJob(deps, merge, manifests)));
  };
}
