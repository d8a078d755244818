import { MESSAGE_VERSION, StoreErrorCode, isStoreError } from '@chunkline/contracts';
import type { ChunkMessage, JobManifest, MessageQueue, ObjectCreated } from '@chunkline/contracts';
import { markerKey } from '@chunkline/completion';
import {
  chunkRange,
  configDigest,
  jobIdFor,
  jobLayout,
  layoutUnder,
  outputKeyFor,
  planChunks,
  sourceIndexPrefix,
} from '@chunkline/planning';
import type { JobDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import { outputAffecting } from './jobConfig.ts';
import type { JobConfig } from './jobConfig.ts';
import { loadManifest } from './manifestStore.ts';
import { sniffSource } from './sniffSource.ts';

/** Chunk messages are recorded as sent in blocks of this many, so a re-dispatch resends little. */
export const SEND_BLOCK = 100;

/** What dispatching one object did. */
export type DispatchOutcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | {
      readonly kind: 'dispatched';
      readonly jobId: string;
      readonly created: boolean;
      readonly sent: number;
      readonly chunkCount: number;
    };

export interface DispatchDeps extends JobDeps {
  readonly chunkQueue: MessageQueue;
}

/**
 * Turn one created object into a job: HEAD it, derive the job id, write the manifest with
 * `If-None-Match: *` (a duplicate event finds it and reuses its plan), then send one small
 * message per chunk that is neither done nor already recorded as sent.
 */
export async function dispatchObject(
  deps: DispatchDeps,
  config: JobConfig,
  object: ObjectCreated,
): Promise<DispatchOutcome> {
  const source = { bucket: object.bucket, key: object.key };
  const ifMatch = object.etag ? quoteEtag(object.etag) : undefined;
  let head;
  try {
    head = await deps.store.head(source, { ifMatch });
  } catch (error) {
    if (isStoreError(error, StoreErrorCode.preconditionFailed)) {
      return {
        kind: 'skipped',
        reason: 'the object was overwritten after this event; the newer upload has its own event',
      };
    }
    throw error;
  }
  if (!head) return { kind: 'skipped', reason: 'the object no longer exists' };

  const digest = configDigest(outputAffecting(config));
  const jobId = jobIdFor(
    { ...source, etag: head.etag, versionId: head.versionId ?? object.versionId },
    digest,
  );
  const layout = jobLayout(config.staging.prefix, jobId);
  const manifestRef = { bucket: config.staging.bucket, key: layout.manifest };
  const log = deps.log.child({ jobId });
  // A job that has ended keeps only its status; a late duplicate event must not restart it.
  if (await deps.store.head({ bucket: config.staging.bucket, key: layout.status })) {
    return { kind: 'skipped', reason: `job ${jobId} for this object version has already ended` };
  }

  let manifest: JobManifest;
  let created = false;
  const existing = await deps.store.head(manifestRef);
  if (existing) {
    manifest = await loadManifest(deps.store, manifestRef);
  } else {
    const format = await sniffSource(deps.store, source, head.etag, head.size, config.csvDelimiter);
    const dataStart = format.kind === 'csv' ? format.headerBytes : 0;
    const plan = planChunks({
      dataStart,
      dataEnd: head.size,
      chunkSize: config.chunkSize,
      singleChunkThreshold: config.singleChunkThreshold,
    });
    const extension = format.kind === 'csv' ? (format.delimiter === '\t' ? 'tsv' : 'csv') : 'jsonl';
    manifest = {
      v: 1,
      jobId,
      createdAt: nowOf(deps).toISOString(),
      configDigest: digest,
      source: {
        ...source,
        etag: head.etag,
        size: head.size,
        ...(head.versionId ? { versionId: head.versionId } : {}),
      },
      format,
      plan: {
        dataStart: plan.dataStart,
        dataEnd: plan.dataEnd,
        chunkSize: plan.chunkSize,
        chunkCount: plan.chunkCount,
      },
      transform: {
        mapping: config.mapping,
        ...(config.tokenizeKeyId ? { tokenizeKeyId: config.tokenizeKeyId } : {}),
      },
      onBadRecord: config.onBadRecord,
      output: {
        bucket: config.output.bucket,
        key: outputKeyFor(config.output.prefix, source.key, jobId, extension),
        format: format.kind,
        contentType: format.kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      },
      staging: { bucket: config.staging.bucket, prefix: layout.jobPrefix },
      manifest: manifestRef,
    };
    const outcome = await deps.store.putIfAbsent(
      manifestRef,
      JSON.stringify(manifest),
      'application/json',
    );
    created = outcome === 'created';
    if (!created) manifest = await loadManifest(deps.store, manifestRef);
    const indexKey = `${sourceIndexPrefix(config.staging.prefix, source.bucket, source.key)}${jobId}`;
    await deps.store.put(
      { bucket: config.staging.bucket, key: indexKey },
      JSON.stringify({ jobId, etag: head.etag }),
    );
    log.info('job.planned', {
      chunks: plan.chunkCount,
      chunkSize: plan.chunkSize,
      bytes: head.size,
      format: format.kind,
    });
  }

  const sent = await sendMissingChunks(deps, manifest);
  log.info('job.dispatched', { created, sent, chunks: manifest.plan.chunkCount });
  return { kind: 'dispatched', jobId, created, sent, chunkCount: manifest.plan.chunkCount };
}

/** Send the chunk messages of blocks not yet recorded as sent, skipping chunks already done. */
async function sendMissingChunks(deps: DispatchDeps, manifest: JobManifest): Promise<number> {
  const bucket = manifest.staging.bucket;
  const sentPrefix = `${manifest.staging.prefix}sent/`;
  const sentBlocks = new Set<string>();
  for await (const item of deps.store.list(bucket, sentPrefix))
    sentBlocks.add(item.key.slice(sentPrefix.length));
  const done = new Set<string>();
  const donePrefix = layoutUnder(manifest.staging.prefix).done;
  for await (const item of deps.store.list(bucket, `${donePrefix}0/`))
    done.add(item.key.slice(donePrefix.length));

  const plan = manifest.plan;
  let sent = 0;
  for (let block = 0; block * SEND_BLOCK < plan.chunkCount; block += 1) {
    if (sentBlocks.has(String(block))) continue;
    const bodies: string[] = [];
    for (
      let index = block * SEND_BLOCK;
      index < Math.min(plan.chunkCount, (block + 1) * SEND_BLOCK);
      index += 1
    ) {
      if (done.has(markerKey(0, index))) continue;
      const range = chunkRange(plan, index);
      const message: ChunkMessage = {
        v: MESSAGE_VERSION,
        type: 'chunk',
        jobId: manifest.jobId,
        manifest: manifest.manifest,
        chunk: { index, start: range.start, end: range.end },
        chunkCount: plan.chunkCount,
      };
      bodies.push(JSON.stringify(message));
    }
    await deps.chunkQueue.sendMany(bodies);
    await deps.store.put({ bucket, key: `${sentPrefix}${block}` }, '');
    sent += bodies.length;
  }
  return sent;
}

/** S3 events carry ETags without quotes; HEAD and If-Match use them quoted. */
function quoteEtag(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
