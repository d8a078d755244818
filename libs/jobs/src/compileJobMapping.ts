import type { JobManifest } from '@chunkline/contracts';
import { compileMapping, keyId, parseMapping } from '@chunkline/transforms';
import type { CompiledMapping } from '@chunkline/transforms';
import type { ProcessDeps } from './deps.ts';
import { JobError, JobErrorCode } from './errors.ts';

/** Every key this process holds: the current one first, then those of earlier rotations. */
function heldKeys(deps: ProcessDeps): string[] {
  return [
    ...(deps.tokenizeKey !== undefined ? [deps.tokenizeKey] : []),
    ...(deps.previousTokenizeKeys ?? []),
  ];
}

/**
 * Compile the mapping snapshot of a job with this process's secret and user module. The
 * key is the one the job was planned with, found by the id in the manifest among the
 * current and previous keys; a job whose key this process does not hold fails for good
 * (`TokenizeKeyMismatch`, permanent), naming the key id, never a key.
 */
export async function compileJobMapping(
  deps: ProcessDeps,
  manifest: JobManifest,
): Promise<CompiledMapping> {
  const mapping = parseMapping(manifest.transform.mapping);
  const expected = manifest.transform.tokenizeKeyId;
  // One HMAC per held key and chunk: microseconds, next to reading the chunk.
  const key =
    expected === undefined
      ? deps.tokenizeKey
      : heldKeys(deps).find((candidate) => keyId(candidate) === expected);
  if (expected !== undefined && key === undefined) {
    const held = heldKeys(deps).map(keyId);
    throw new JobError(
      JobErrorCode.tokenizeKeyMismatch,
      `job ${manifest.jobId} was planned with tokenization key id ${expected}, which this service does not hold (${held.length === 0 ? 'it has no key' : `it holds key ids ${held.join(', ')}`}); give it that key as CHUNKLINE_TOKENIZE_KEY (or its secret or parameter), or among CHUNKLINE_TOKENIZE_PREVIOUS_KEYS after a rotation`,
      { permanent: true },
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
    ...(key !== undefined ? { tokenizeKey: key } : {}),
    ...(userTransform ? { userTransform } : {}),
  });
}
