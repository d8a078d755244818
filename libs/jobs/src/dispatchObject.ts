import { createHash } from 'node:crypto';
import { MESSAGE_VERSION, StoreErrorCode, isStoreError } from '@chunkline/contracts';
import type {
  ChunkMessage,
  JobManifest,
  MessageQueue,
  ObjectCreated,
  ObjectRef,
} from '@chunkline/contracts';
import { markerKey } from '@chunkline/completion';
import { FormatError } from '@chunkline/formats';
import {
  configDigest,
  jobIdFor,
  jobLayout,
  layoutUnder,
  locateChunk,
  outputKeyFor,
  sourceIndexPrefix,
} from '@chunkline/planning';
import { typedOutputColumns } from '@chunkline/transforms';
import type { JobDeps } from './deps.ts';
import { nowOf } from './deps.ts';
import { describeSource } from './describeSource.ts';
import type { SourceObject } from './describeSource.ts';
import { JobError, JobErrorCode } from './errors.ts';
import { failPlanning } from './failures.ts';
import { outputAffecting } from './jobConfig.ts';
import type { JobConfig } from './jobConfig.ts';
import { loadManifest } from './manifestStore.ts';
import { OUTPUT_TYPES } from './outputSpec.ts';
import { planSources } from './planSources.ts';
import type { DescribedSource } from './planSources.ts';

/** Chunk messages are recorded as sent in blocks of this many, so a re-dispatch resends little. */
export const SEND_BLOCK = 100;

/** What dispatching one object or prefix did. */
export type DispatchOutcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly jobId: string; readonly reason: string }
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
 * Turn one created object, or every object under a submitted prefix, into a job: HEAD (or
 * list) it, derive the job id, plan it, write the manifest with `If-None-Match: *` (a
 * duplicate event finds it and reuses its plan), then send one small message per chunk
 * that is neither done nor already recorded as sent. Input no job can be made of (a
 * corrupt container, mixed formats, an empty prefix) gives a job that has failed, with
 * the reason in its status.
 */
export async function dispatchObject(
  deps: DispatchDeps,
  config: JobConfig,
  object: ObjectCreated,
): Promise<DispatchOutcome> {
  if (object.prefix) return dispatchPrefix(deps, config, object);
  if (object.key.endsWith('/')) {
    return { kind: 'skipped', reason: 'a folder placeholder (a key ending in /) holds no records' };
  }
  const ifMatch = object.etag ? quoteEtag(object.etag) : undefined;
  let head;
  try {
    head = await deps.store.head(object, { ifMatch });
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
  const source: SourceObject & { versionId?: string | undefined } = {
    bucket: object.bucket,
    key: object.key,
    etag: head.etag,
    size: head.size,
    versionId: head.versionId ?? object.versionId,
  };
  return dispatchJob(
    deps,
    config,
    { bucket: object.bucket, key: object.key, prefix: false },
    source,
    [source],
  );
}

/** A prefix job: every object under it, in key order, as one job with one output. */
async function dispatchPrefix(
  deps: DispatchDeps,
  config: JobConfig,
  input: ObjectRef,
): Promise<DispatchOutcome> {
  const objects: SourceObject[] = [];
  for await (const item of deps.store.list(input.bucket, input.key)) {
    if (item.key.endsWith('/')) continue;
    objects.push({ bucket: input.bucket, key: item.key, etag: item.etag, size: item.size });
  }
  // The listing's keys and ETags are the prefix's version: a changed object makes a new job.
  const listing = createHash('sha256')
    .update(JSON.stringify(objects.map((o) => [o.key, o.etag])))
    .digest('hex');
  const identity = { bucket: input.bucket, key: input.key, etag: listing, size: sum(objects) };
  return dispatchJob(deps, config, { ...input, prefix: true }, identity, objects);
}

async function dispatchJob(
  deps: DispatchDeps,
  config: JobConfig,
  input: JobManifest['input'],
  identity: SourceObject & { versionId?: string | undefined },
  objects: ReadonlyArray<SourceObject & { versionId?: string | undefined }>,
): Promise<DispatchOutcome> {
  const digest = configDigest(outputAffecting(config));
  const jobId = jobIdFor(identity, digest);
  const layout = jobLayout(config.staging.prefix, jobId);
  const manifestRef = { bucket: config.staging.bucket, key: layout.manifest };
  const log = deps.log.child({ jobId });
  // A job that has ended keeps only its status; a late duplicate event must not restart it.
  if (await deps.store.head({ bucket: config.staging.bucket, key: layout.status })) {
    return { kind: 'skipped', reason: `job ${jobId} for this object version has already ended` };
  }

  let manifest: JobManifest;
  let created = false;
  if (await deps.store.head(manifestRef)) {
    manifest = await loadManifest(deps.store, manifestRef);
  } else {
    const planned = await planOrFail(deps, config, input, identity, objects, jobId);
    if (planned.kind === 'failed') {
      log.warn('job.planning-failed', { reason: planned.reason });
      return planned;
    }
    manifest = planned.manifest;
    const outcome = await deps.store.putIfAbsent(
      manifestRef,
      JSON.stringify(manifest),
      'application/json',
    );
    created = outcome === 'created';
    if (!created) manifest = await loadManifest(deps.store, manifestRef);
    await recordIndex(deps, config, input, jobId, identity.etag);
    log.info('job.planned', {
      chunks: manifest.chunkCount,
      objects: manifest.sources.length,
      bytes: identity.size,
      format: manifest.records.format,
      output: manifest.output.format,
    });
  }

  const sent = await sendMissingChunks(deps, manifest);
  log.info('job.dispatched', { created, sent, chunks: manifest.chunkCount });
  return { kind: 'dispatched', jobId, created, sent, chunkCount: manifest.chunkCount };
}

/** Plan the job, or record it as failed when its input cannot make a job. */
async function planOrFail(
  deps: DispatchDeps,
  config: JobConfig,
  input: JobManifest['input'],
  identity: SourceObject,
  objects: readonly SourceObject[],
  jobId: string,
): Promise<
  { kind: 'planned'; manifest: JobManifest } | { kind: 'failed'; jobId: string; reason: string }
> {
  try {
    if (objects.length === 0) {
      throw new JobError(
        JobErrorCode.planningFailed,
        `the prefix s3://${input.bucket}/${input.key} holds no objects; check the bucket and prefix`,
        { permanent: true },
      );
    }
    const described: DescribedSource[] = [];
    for (const object of objects) {
      described.push({
        object,
        description: await describeSource(deps.store, object, config.csvDelimiter),
      });
    }
    return { kind: 'planned', manifest: buildManifest(deps, config, input, described, jobId) };
  } catch (error) {
    const permanent =
      error instanceof FormatError || (error instanceof JobError && error.permanent);
    if (!permanent) throw error;
    await failPlanning(deps.store, config.staging, {
      jobId,
      input,
      etag: identity.etag,
      size: identity.size,
      reason: error.message,
      code: error.code,
      at: nowOf(deps),
    });
    await recordIndex(deps, config, input, jobId, identity.etag);
    return { kind: 'failed', jobId, reason: error.message };
  }
}

function buildManifest(
  deps: DispatchDeps,
  config: JobConfig,
  input: JobManifest['input'],
  described: readonly DescribedSource[],
  jobId: string,
): JobManifest {
  const planned = planSources(described, config);
  const format = config.outputFormat === 'preserve' ? planned.records.format : config.outputFormat;
  const type = OUTPUT_TYPES[format];
  const tsv =
    format === 'csv' && planned.records.format === 'csv' && planned.records.delimiter === '\t';
  const extension = `${tsv ? 'tsv' : type.extension}${config.outputCompression === 'gzip' ? '.gz' : ''}`;
  const layout = jobLayout(config.staging.prefix, jobId);
  return {
    v: 2,
    jobId,
    createdAt: nowOf(deps).toISOString(),
    configDigest: configDigest(outputAffecting(config)),
    input,
    sources: planned.sources,
    records: planned.records,
    chunkCount: planned.chunkCount,
    transform: {
      mapping: config.mapping,
      ...(config.tokenizeKeyId ? { tokenizeKeyId: config.tokenizeKeyId } : {}),
    },
    onBadRecord: config.onBadRecord,
    output: {
      bucket: config.output.bucket,
      key: outputKeyFor(config.output.prefix, input.key, jobId, extension),
      format,
      compression: config.outputCompression,
      columns: typedOutputColumns(config.mapping, planned.records.columns),
      contentType: config.outputCompression === 'gzip' ? 'application/gzip' : type.contentType,
    },
    staging: { bucket: config.staging.bucket, prefix: layout.jobPrefix },
    manifest: { bucket: config.staging.bucket, key: layout.manifest },
  };
}

/** Let `chunkline status s3://…` find the jobs of an object or prefix. */
async function recordIndex(
  deps: DispatchDeps,
  config: JobConfig,
  input: ObjectRef,
  jobId: string,
  etag: string,
): Promise<void> {
  const indexKey = `${sourceIndexPrefix(config.staging.prefix, input.bucket, input.key)}${jobId}`;
  await deps.store.put(
    { bucket: config.staging.bucket, key: indexKey },
    JSON.stringify({ jobId, etag }),
  );
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

  let sent = 0;
  for (let block = 0; block * SEND_BLOCK < manifest.chunkCount; block += 1) {
    if (sentBlocks.has(String(block))) continue;
    const bodies: string[] = [];
    const last = Math.min(manifest.chunkCount, (block + 1) * SEND_BLOCK);
    for (let index = block * SEND_BLOCK; index < last; index += 1) {
      if (done.has(markerKey(0, index))) continue;
      const { unit } = locateChunk(manifest, index);
      const message: ChunkMessage = {
        v: MESSAGE_VERSION,
        type: 'chunk',
        jobId: manifest.jobId,
        manifest: manifest.manifest,
        chunk: { index, start: unit.start, end: unit.end },
        chunkCount: manifest.chunkCount,
      };
      bodies.push(JSON.stringify(message));
    }
    await deps.chunkQueue.sendMany(bodies);
    await deps.store.put({ bucket, key: `${sentPrefix}${block}` }, '');
    sent += bodies.length;
  }
  return sent;
}

function sum(objects: readonly SourceObject[]): number {
  return objects.reduce((total, o) => total + o.size, 0);
}

/** S3 events carry ETags without quotes; HEAD and If-Match use them quoted. */
function quoteEtag(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
