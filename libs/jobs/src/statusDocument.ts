import type {
  ChunkFailure,
  ChunkResult,
  JobManifest,
  JobState,
  JobStatus,
} from '@chunkline/contracts';
import { chunksOf } from '@chunkline/planning';

/** What a status document is built from. */
export interface StatusFacts {
  readonly state: JobState;
  readonly results: readonly ChunkResult[];
  readonly failures: readonly ChunkFailure[];
  readonly now: Date;
  /** Set once the job has ended: its end time goes into the document. */
  readonly finished?: boolean;
  /** The output's size, once merged; otherwise the parts written so far are counted. */
  readonly bytesOut?: number;
  readonly reason?: string;
}

/** The one way a job status document is assembled, running or final. */
export function statusDocument(manifest: JobManifest, facts: StatusFacts): JobStatus {
  const sum = (pick: (r: ChunkResult) => number): number =>
    facts.results.reduce((total, r) => total + pick(r), 0);
  const succeeded = facts.state === 'succeeded';
  const finalFailures = facts.failures.filter((f) => f.final);
  const size = manifest.sources.reduce((total, s) => total + s.size, 0);
  const only = manifest.sources.length === 1 ? manifest.sources[0] : undefined;
  return {
    v: 1,
    jobId: manifest.jobId,
    state: facts.state,
    source: {
      bucket: manifest.input.bucket,
      key: manifest.input.key,
      etag: only?.etag ?? `${manifest.sources.length} objects`,
      size,
    },
    output: { bucket: manifest.output.bucket, key: manifest.output.key },
    chunks: {
      total: manifest.chunkCount,
      done: facts.results.length,
      failed: finalFailures.length,
    },
    bytes: {
      in: succeeded ? size : sum((r) => r.bytesIn),
      out: facts.bytesOut ?? sum((r) => r.part.size),
    },
    rows: {
      in: sum((r) => r.rowsIn),
      out: sum((r) => r.rowsOut),
      rejected: sum((r) => r.rejects?.count ?? 0),
    },
    timings: {
      createdAt: manifest.createdAt,
      ...(facts.finished ? { finishedAt: facts.now.toISOString() } : {}),
      elapsedMs: facts.now.getTime() - Date.parse(manifest.createdAt),
    },
    ...(manifest.input.prefix ? { objects: objectProgress(manifest, facts) } : {}),
    errors: [...facts.failures],
    ...(facts.reason !== undefined ? { reason: facts.reason } : {}),
  };
}

/** Chunks done and failed per source object, for prefix jobs. */
function objectProgress(manifest: JobManifest, facts: StatusFacts): JobStatus['objects'] {
  const ofChunk = (index: number): number => {
    let found = 0;
    manifest.sources.forEach((s, i) => {
      if (s.firstChunk <= index) found = i;
    });
    return found;
  };
  const progress = manifest.sources.map((s) => ({
    key: s.key,
    chunks: { total: chunksOf(s.plan), done: 0, failed: 0 },
  }));
  for (const r of facts.results)
    (progress[ofChunk(r.index)] as (typeof progress)[number]).chunks.done += 1;
  for (const f of facts.failures) {
    if (f.final) (progress[ofChunk(f.index)] as (typeof progress)[number]).chunks.failed += 1;
  }
  return progress;
}
