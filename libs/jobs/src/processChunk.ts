import { MESSAGE_VERSION } from '@chunkline/contracts';
import type { ChunkMessage, ChunkResult, MergeMessage } from '@chunkline/contracts';
import { markerKey, recordChunkDone } from '@chunkline/completion';
import { layoutUnder, locateChunk } from '@chunkline/planning';
import { compileJobMapping } from './compileJobMapping.ts';
import { completionStoreFor, donePrefix } from './completionStoreFor.ts';
import type { ProcessDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import { describeFailure, failJob, recordFailure } from './failures.ts';
import type { ManifestCache } from './manifestStore.ts';
import { loadManifestUnlessEnded } from './manifestStore.ts';
import { newRunId } from './newRunId.ts';
import { runChunk } from './runChunk.ts';

/** Which delivery of the message this is, from SQS's ApproximateReceiveCount. */
export interface Delivery {
  readonly receiveCount: number;
  /** The queue's maxReceiveCount: after this many receives the message goes to the DLQ. */
  readonly maxReceives: number;
}

/** What handling a chunk message did. */
export type ProcessOutcome =
  | {
      readonly kind: 'processed' | 'duplicate';
      readonly mergeTriggered: boolean;
      readonly requests: number;
    }
  | { readonly kind: 'job-failed'; readonly reason: string };

/**
 * Handle one chunk message: run the chunk unless its done marker already exists, write
 * the part and then the done marker, and climb the completion tree; whoever completes
 * the set sends the merge message. A failure is recorded (final on the last delivery)
 * and rethrown so the message is retried and, in the end, dead-lettered; a changed
 * source fails the whole job at once.
 */
export async function processChunk(
  deps: ProcessDeps,
  message: ChunkMessage,
  delivery: Delivery,
  manifests: ManifestCache,
): Promise<ProcessOutcome> {
  const { index } = message.chunk;
  const manifest = await loadManifestUnlessEnded(deps.store, manifests, message.manifest);
  if ('ended' in manifest) {
    // A duplicate delivered after the job ended and its staging was cleaned up.
    deps.log.info('chunk.skipped-job-ended', { jobId: message.jobId, chunk: index });
    return { kind: 'job-failed', reason: 'the job has already ended' };
  }
  const log = deps.log.child({ jobId: manifest.jobId, chunk: index });
  const layout = layoutUnder(manifest.staging.prefix);
  const bucket = manifest.staging.bucket;
  const leaf = { bucket, key: `${donePrefix(manifest)}${markerKey(0, index)}` };
  const duplicate = (await deps.store.head(leaf)) !== undefined;
  if (!duplicate && (await deps.store.head({ bucket, key: layout.status })) !== undefined) {
    // The job has already ended (it failed, say, because its source changed): no more work.
    log.info('chunk.skipped-job-ended');
    return { kind: 'job-failed', reason: 'the job has already ended' };
  }
  let body = '';
  let result: ChunkResult | undefined;
  if (!duplicate) {
    log.info('chunk.started', {
      start: message.chunk.start,
      end: message.chunk.end,
      attempt: delivery.receiveCount,
    });
    try {
      const mapping = await compileJobMapping(deps, manifest);
      const run = newRunId();
      result = await runChunk(deps, {
        manifest,
        chunk: locateChunk(manifest, index),
        mapping,
        partKey: layout.part(index, run),
        rejectsKey: layout.rejects(index, run),
      });
      body = JSON.stringify(result);
      log.info('chunk.processed', {
        rowsIn: result.rowsIn,
        rowsOut: result.rowsOut,
        partBytes: result.part.size,
      });
    } catch (error) {
      const details = describeFailure(error);
      const final = details.permanent || delivery.receiveCount >= delivery.maxReceives;
      const failure = await recordFailure(
        deps.store,
        manifest,
        index,
        details,
        delivery.receiveCount,
        final,
        nowOf(deps),
      );
      log.error('chunk.failed', {
        code: details.code,
        message: details.message,
        attempt: delivery.receiveCount,
        final,
      });
      if (details.permanent) {
        await failJob(deps.store, manifest, `chunk ${index}: ${details.message}`, nowOf(deps), [
          failure,
        ]);
        return { kind: 'job-failed', reason: details.message };
      }
      throw error;
    }
  }
  const completion = await recordChunkDone(
    completionStoreFor(deps.store, manifest),
    manifest.chunkCount,
    index,
    body,
  );
  if (result && !completion.recorded) {
    // Another run's marker won while this one ran: its objects are the chunk's, not these.
    const keys = [result.part.key, ...(result.rejects ? [result.rejects.key] : [])];
    await deps.store.deleteMany(bucket, keys);
  }
  if (delivery.receiveCount > 1) await deps.store.deleteMany(bucket, [layout.failure(index)]);
  if (completion.complete) {
    const merge: MergeMessage = {
      v: MESSAGE_VERSION,
      type: 'merge',
      jobId: manifest.jobId,
      manifest: manifest.manifest,
    };
    await deps.mergeQueue.send(JSON.stringify(merge));
    log.info('job.merge-requested', { createdRoot: completion.createdRoot });
  }
  return {
    kind: duplicate ? 'duplicate' : 'processed',
    mergeTriggered: completion.complete,
    requests: completion.requests,
  };
}
