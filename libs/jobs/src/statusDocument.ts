import type {
  ChunkFailure,
  ChunkResult,
  JobManifest,
  JobState,
  JobStatus,
} from '@chunkline/contracts';

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
  return {
    v: 1,
    jobId: manifest.jobId,
    state: facts.state,
    source: {
      bucket: manifest.source.bucket,
      key: manifest.source.key,
      etag: manifest.source.etag,
      size: manifest.source.size,
    },
    output: { bucket: manifest.output.bucket, key: manifest.output.key },
    chunks: {
      total: manifest.plan.chunkCount,
      done: facts.results.length,
      failed: finalFailures.length,
    },
    bytes: {
      in: succeeded ? manifest.source.size : sum((r) => r.bytesIn),
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
    errors: [...facts.failures],
    ...(facts.reason !== undefined ? { reason: facts.reason } : {}),
  };
}
