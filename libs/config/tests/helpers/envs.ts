import { ConfigErrors } from '../../src/index.ts';
import type { Env, ReadFile } from '../../src/index.ts';

/** A tokenization key long enough to be accepted. */
export const GOOD_KEY = 'k3y-0123456789abcdef';

/** The least a dispatcher needs: its buckets and queues. */
export const DISPATCHER_ENV: Env = {
  CHUNKLINE_STAGING_BUCKET: 'chunkline-staging',
  CHUNKLINE_INGEST_QUEUE_URL: 'http://localhost:4566/000000000000/chunkline-ingest',
  CHUNKLINE_CHUNK_QUEUE_URL: 'http://localhost:4566/000000000000/chunkline-chunks',
  CHUNKLINE_OUTPUT_BUCKET: 'processed-data',
};

/** The least a processor needs. */
export const PROCESSOR_ENV: Env = {
  CHUNKLINE_STAGING_BUCKET: 'chunkline-staging',
  CHUNKLINE_CHUNK_QUEUE_URL: 'http://localhost:4566/000000000000/chunkline-chunks',
  CHUNKLINE_MERGE_QUEUE_URL: 'http://localhost:4566/000000000000/chunkline-merge',
};

/** The least a merger needs. */
export const MERGER_ENV: Env = {
  CHUNKLINE_STAGING_BUCKET: 'chunkline-staging',
  CHUNKLINE_MERGE_QUEUE_URL: 'http://localhost:4566/000000000000/chunkline-merge',
};

/** The least the CLI needs. */
export const CLI_ENV: Env = { CHUNKLINE_STAGING_BUCKET: 'chunkline-staging' };

/** A `ReadFile` for tests that never read a mapping file: fails the test if called. */
export const noFile: ReadFile = (path) => {
  throw new Error(`test read an unexpected file: ${path}`);
};

/** A `ReadFile` serving these files, failing like `readFileSync` for any other path. */
export function filesOf(files: Readonly<Record<string, string>>): ReadFile {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

/** The `ConfigErrors` that `parse` throws; fails the test when it returns instead. */
export function configErrorsOf(parse: () => unknown): ConfigErrors {
  try {
    parse();
  } catch (error) {
    if (error instanceof ConfigErrors) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}
