/** The buckets and queues a local Chunkline runs against (what the LocalStack bootstrap creates). */
export interface LocalResources {
  readonly endpoint: string;
  readonly buckets: { readonly source: string; readonly output: string; readonly staging: string };
  readonly queues: Readonly<
    Record<
      'ingest' | 'chunk' | 'merge',
      { readonly url: string; readonly dlq: { readonly url: string } }
    >
  >;
}

/**
 * The environment for every service and the CLI against local resources. `overrides`
 * adds or replaces variables (chunk size, mapping, key).
 */
export function serviceEnv(
  resources: LocalResources,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    CHUNKLINE_AWS_ENDPOINT: resources.endpoint,
    CHUNKLINE_STAGING_BUCKET: resources.buckets.staging,
    CHUNKLINE_OUTPUT_BUCKET: resources.buckets.output,
    CHUNKLINE_INGEST_QUEUE_URL: resources.queues.ingest.url,
    CHUNKLINE_CHUNK_QUEUE_URL: resources.queues.chunk.url,
    CHUNKLINE_MERGE_QUEUE_URL: resources.queues.merge.url,
    CHUNKLINE_HEALTH_PORT: '0',
    ...overrides,
  };
}
