import { parseChunkMessage } from '@chunkline/contracts';
import { ManifestCache, processChunk } from '@chunkline/jobs';
import type { ProcessDeps } from '@chunkline/jobs';
import { recordChunk } from '@chunkline/runtime';
import type { MessageHandler, ServiceMetrics } from '@chunkline/runtime';

/**
 * Handle one chunk message, recording its figures in `metrics`; a malformed one throws,
 * so it ends in the chunk DLQ.
 */
export function chunkHandler(
  deps: ProcessDeps,
  maxReceives: number,
  metrics: ServiceMetrics,
): MessageHandler {
  const manifests = new ManifestCache();
  return async (message) => {
    const chunk = parseChunkMessage(message.body);
    const { start, end } = chunk.chunk;
    await recordChunk(metrics, deps.log, end - start, (log) =>
      processChunk(
        { ...deps, log },
        chunk,
        { receiveCount: message.receiveCount, maxReceives },
        manifests,
      ),
    );
  };
}
