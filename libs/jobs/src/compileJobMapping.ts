import type { JobManifest } from '@chunkline/contracts';
import { compileMapping, keyId, parseMapping } from '@chunkline/transforms';
import type { CompiledMapping } from '@chunkline/transforms';
import type { ProcessDeps } from './deps.ts';
import { JobError, JobErrorCode } from './errors.ts';

/**
 * Compile the mapping snapshot of a job with this process's secret and user module. The
 * key must be the one the job was planned with: its fingerprint is in the manifest.
 */
export async function compileJobMapping(
  deps: ProcessDeps,
  manifest: JobManifest,
): Promise<CompiledMapping> {
  const mapping = parseMapping(manifest.transform.mapping);
  const expected = manifest.transform.tokenizeKeyId;
  if (
    expected !== undefined &&
    (deps.tokenizeKey === undefined || keyId(deps.tokenizeKey) !== expected)
  ) {
    throw new JobError(
      JobErrorCode.tokenizeKeyMismatch,
      `job ${manifest.jobId} was planned with tokenization key ${expected}, but this processor has ${deps.tokenizeKey === undefined ? 'no CHUNKLINE_TOKENIZE_KEY' : `key ${keyId(deps.tokenizeKey)}`}; give it the same key as the dispatcher`,
    );
  }
  let userTransform;
  if (mapping.module !== undefined) {
    try {
      userTransform = await deps.loadUserTransform(mapping.module);
    } catch (error) {
      throw new JobError(
        JobErrorCode.userModule,
        `cannot load the mapping's module ${mapping.module}: ${String(error)}`,
        { cause: error },
      );
    }
  }
  return compileMapping(mapping, {
    ...(deps.tokenizeKey !== undefined ? { tokenizeKey: deps.tokenizeKey } : {}),
    ...(userTransform ? { userTransform } : {}),
  });
}
