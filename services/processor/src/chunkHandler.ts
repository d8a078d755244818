import { parseChunkMessage } from '@chunkline/contracts';
import { ManifestCache, processChunk } from '@chunkline/jobs';
import type { ProcessDeps } from '@chunkline/jobs';
import type { MessageHandler } from '@chunkline/runtime';

/** Handle one chunk message; a malformed one throws, so it ends in the chunk DLQ. */
export function chunkHandler(deps: ProcessDeps, maxReceives: number): MessageHandler {
  const manifests = new ManifestCache();
  return async (message) => {
    const chunk = parseChunkMessage(message.body);
    await processChunk(deps, chunk, { receiveCount: message.receiveCount, maxReceives }, manifests);
  };
}
