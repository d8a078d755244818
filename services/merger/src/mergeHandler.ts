import { mergeMessageSchema, parseJsonBody, parseWithSchema } from '@chunkline/contracts';
import { ManifestCache, mergeJob } from '@chunkline/jobs';
import type { ProcessDeps } from '@chunkline/jobs';
import type { MessageHandler } from '@chunkline/runtime';

/** Handle one merge message; a malformed one throws, so it ends in the merge DLQ. */
export function mergeHandler(deps: ProcessDeps): MessageHandler {
  const manifests = new ManifestCache();
  return async (message) => {
    const merge = parseWithSchema(
      mergeMessageSchema,
      parseJsonBody(message.body, 'merge'),
      'merge',
    );
    await mergeJob(deps, merge, manifests);
  };
}
