import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values always serialize (and digest) equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Digest of everything in the configuration that changes a job's output. */
export function configDigest(jobConfig: unknown): string {
  return createHash('sha256').update(canonicalJson(jobConfig)).digest('hex');
}

/** What identifies one version of one object. */
export interface SourceIdentity {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId?: string | undefined;
}

/**
 * The job id: the same object version under the same configuration is always the same
 * job (so duplicate events collapse), and a new upload of the key is a new job.
 */
export function jobIdFor(source: SourceIdentity, digest: string): string {
  const identity = canonicalJson([
    source.bucket,
    source.key,
    source.versionId ?? '',
    source.etag,
    digest,
  ]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
