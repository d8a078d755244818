import type { JobManifest } from '@chunkline/contracts';
import { silentLogger } from '@chunkline/contracts';
import { MemoryObjectStore } from '@chunkline/testing';
import { keyId } from '@chunkline/transforms';
import { describe, expect, it } from 'vitest';
import { compileJobMapping } from '../src/compileJobMapping.ts';
import { JobError, JobErrorCode } from '../src/index.ts';
import type { ProcessDeps } from '../src/index.ts';
import { MemoryQueue } from './helpers/memoryQueue.ts';

const CURRENT = 'current-key-0123456789abcdef';
const OLD = 'old-key-0123456789abcdef';
const UNKNOWN = 'unknown-key-0123456789abcdef';

/** The parts of a manifest `compileJobMapping` reads: a job id and its transform. */
function manifestWith(tokenizeKeyId: string): JobManifest {
  const transform = {
    mapping: { version: 1, fields: { email: { op: 'tokenize' } } },
    tokenizeKeyId,
  };
  return { jobId: 'job-1', transform } as unknown as JobManifest;
}

function depsWith(keys: { tokenizeKey?: string; previousTokenizeKeys?: string[] }): ProcessDeps {
  return {
    store: new MemoryObjectStore(),
    log: silentLogger,
    mergeQueue: new MemoryQueue(),
    loadUserTransform: async () => (row) => row,
    ...keys,
  };
}

describe('Function: compileJobMapping', () => {
  it.each([
    { name: 'the current key', key: CURRENT },
    { name: 'a previous key, after a rotation', key: OLD },
  ])('tokenizes a job planned with $name with that key', async ({ key }) => {
    // Prepare
    const deps = depsWith({ tokenizeKey: CURRENT, previousTokenizeKeys: [OLD] });
    const expected = await compileJobMapping(
      depsWith({ tokenizeKey: key }),
      manifestWith(keyId(key)),
    );

    // Act
    const mapping = await compileJobMapping(deps, manifestWith(keyId(key)));

    // Assess
    expect(mapping.apply({ email: 'a@example.com' })).toEqual(
      expected.apply({ email: 'a@example.com' }),
    );
  });

  it('fails a job whose key id it does not hold, for good, naming ids and never keys', async () => {
    // Prepare
    const deps = depsWith({ tokenizeKey: CURRENT, previousTokenizeKeys: [OLD] });

    // Act
    const error = await compileJobMapping(deps, manifestWith(keyId(UNKNOWN))).catch(
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toBeInstanceOf(JobError);
    expect(error).toMatchObject({ code: JobErrorCode.tokenizeKeyMismatch, permanent: true });
    const message = (error as JobError).message;
    expect(message).toContain(`tokenization key id ${keyId(UNKNOWN)}`);
    expect(message).toContain(`it holds key ids ${keyId(CURRENT)}, ${keyId(OLD)}`);
    expect(message).toContain('CHUNKLINE_TOKENIZE_PREVIOUS_KEYS');
    for (const key of [CURRENT, OLD, UNKNOWN]) expect(message).not.toContain(key);
  });

  it('says so when it holds no key at all', async () => {
    // Act
    const error = await compileJobMapping(depsWith({}), manifestWith(keyId(CURRENT))).catch(
      (thrown: unknown) => thrown,
    );

    // Assess
    expect((error as JobError).message).toContain(
      'which this service does not hold (it has no key)',
    );
  });
});
