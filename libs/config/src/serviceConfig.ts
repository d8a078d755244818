import { OutputCompression, OutputFormat } from '@chunkline/contracts';
import { parseMapping, usesTokenize } from '@chunkline/transforms';
import type { Mapping } from '@chunkline/transforms';
import { EnvReader } from './envReader.ts';
import type { Env } from './envReader.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const QUEUE_URL = 'an SQS queue URL';

/** Where the services talk to AWS (or LocalStack). */
export interface AwsConfig {
  readonly endpoint?: string | undefined;
  readonly region: string;
}

/** What every service shares. */
export interface CommonConfig {
  readonly aws: AwsConfig;
  readonly staging: { readonly bucket: string; readonly prefix: string };
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** How a queue consumer holds its messages. */
export interface ConsumerConfig {
  /** How long a stopping service waits for the messages it holds before releasing them. */
  readonly drainSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly heartbeatIntervalSeconds: number;
  readonly healthPort: number;
}

export interface DispatcherConfig extends CommonConfig {
  readonly ingestQueueUrl: string;
  readonly chunkQueueUrl: string;
  readonly output: { readonly bucket: string; readonly prefix: string };
  readonly chunkSize: number;
  readonly singleChunkThreshold: number;
  readonly mapping: Mapping;
  readonly tokenizeKey?: string | undefined;
  readonly csvDelimiter?: string | undefined;
  readonly onBadRecord: 'fail' | 'skip';
  readonly outputFormat: OutputFormat;
  readonly outputCompression: OutputCompression;
  readonly consumer: ConsumerConfig;
}

export interface ProcessorConfig extends CommonConfig {
  readonly chunkQueueUrl: string;
  readonly mergeQueueUrl: string;
  readonly tokenizeKey?: string | undefined;
  readonly concurrency: number;
  readonly maxReceives: number;
  readonly consumer: ConsumerConfig;
}

export interface MergerConfig extends CommonConfig {
  readonly mergeQueueUrl: string;
  /** Needed to re-run a CSV chunk whose inferred quote state proved wrong. */
  readonly tokenizeKey?: string | undefined;
  readonly concurrency: number;
  readonly maxReceives: number;
  readonly consumer: ConsumerConfig;
}

/** The CLI's view: each queue is needed only by the commands that use it. */
export interface CliConfig extends CommonConfig {
  readonly ingestQueueUrl?: string | undefined;
  readonly chunkQueueUrl?: string | undefined;
  readonly mergeQueueUrl?: string | undefined;
}

/** Reads a mapping file for `CHUNKLINE_MAPPING_FILE`; injected so parsing stays pure. */
export type ReadFile = (path: string) => string;

function common(reader: EnvReader): CommonConfig {
  const prefix = reader.string('CHUNKLINE_STAGING_PREFIX', { fallback: 'chunkline/' }) ?? '';
  if (!prefix.endsWith('/'))
    reader.fail('CHUNKLINE_STAGING_PREFIX', prefix, 'a key prefix ending in /');
  return {
    aws: {
      endpoint: reader.url('CHUNKLINE_AWS_ENDPOINT'),
      region: reader.string('AWS_REGION', { fallback: 'us-east-1' }) ?? 'us-east-1',
    },
    staging: { bucket: reader.required('CHUNKLINE_STAGING_BUCKET', 'a bucket name'), prefix },
    logLevel: reader.oneOf('CHUNKLINE_LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
  };
}

function consumer(reader: EnvReader): ConsumerConfig {
  const visibility = reader.int('CHUNKLINE_VISIBILITY_TIMEOUT', 60, 2, 43_200);
  const heartbeat = reader.int('CHUNKLINE_HEARTBEAT_INTERVAL', 20, 1, 43_199);
  if (heartbeat >= visibility) {
    reader.fail(
      'CHUNKLINE_HEARTBEAT_INTERVAL',
      String(heartbeat),
      `fewer seconds than CHUNKLINE_VISIBILITY_TIMEOUT (${visibility})`,
    );
  }
  return {
    drainSeconds: reader.int('CHUNKLINE_DRAIN_SECONDS', 25, 0, 3600),
    visibilityTimeoutSeconds: visibility,
    heartbeatIntervalSeconds: heartbeat,
    healthPort: reader.int('CHUNKLINE_HEALTH_PORT', 8080, 0, 65_535),
  };
}

function outputEncoding(reader: EnvReader): {
  outputFormat: OutputFormat;
  outputCompression: OutputCompression;
} {
  const outputFormat = reader.oneOf(
    'CHUNKLINE_OUTPUT_FORMAT',
    Object.values(OutputFormat),
    OutputFormat.preserve,
  );
  const outputCompression = reader.oneOf(
    'CHUNKLINE_OUTPUT_COMPRESSION',
    Object.values(OutputCompression),
    OutputCompression.none,
  );
  if (outputFormat === OutputFormat.parquet && outputCompression === OutputCompression.gzip) {
    // Parquet compresses its pages itself; a gzip'd Parquet file is unreadable by Parquet readers.
    reader.fail(
      'CHUNKLINE_OUTPUT_COMPRESSION',
      outputCompression,
      'none when CHUNKLINE_OUTPUT_FORMAT is parquet (Parquet pages are compressed already)',
    );
  }
  return { outputFormat, outputCompression };
}

function tokenizeKey(reader: EnvReader): string | undefined {
  const key = reader.string('CHUNKLINE_TOKENIZE_KEY');
  if (key !== undefined && key.length < 16) {
    reader.fail('CHUNKLINE_TOKENIZE_KEY', '(hidden)', 'at least 16 characters');
  }
  return key;
}

function mapping(reader: EnvReader, env: Env, readFile: ReadFile): Mapping {
  const inline = env['CHUNKLINE_MAPPING'];
  const file = env['CHUNKLINE_MAPPING_FILE'];
  if (inline && file) {
    reader.fail(
      'CHUNKLINE_MAPPING_FILE',
      file,
      'unset when CHUNKLINE_MAPPING is set (use one of them)',
    );
  }
  const name = file ? 'CHUNKLINE_MAPPING_FILE' : 'CHUNKLINE_MAPPING';
  let text = inline;
  if (file) {
    try {
      text = readFile(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reader.fail(name, file, `a readable JSON file (${reason})`, error);
      return parseMapping({ version: 1 });
    }
  }
  if (!text) return parseMapping({ version: 1 });
  try {
    return parseMapping(JSON.parse(text) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    reader.fail(name, file ?? text.slice(0, 60), `a valid mapping (${reason})`, error);
    return parseMapping({ version: 1 });
  }
}

/** Freeze a config and every object in it, so no part of it can change after start. */
function deepFreeze<T extends object>(config: T): T {
  for (const value of Object.values(config)) {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) deepFreeze(value);
  }
  return Object.freeze(config);
}

/** Parse and validate the dispatcher's environment; throws `ConfigErrors` naming each bad variable. */
export function parseDispatcherConfig(env: Env, readFile: ReadFile): DispatcherConfig {
  const reader = new EnvReader(env);
  const parsedMapping = mapping(reader, env, readFile);
  const key = tokenizeKey(reader);
  if (usesTokenize(parsedMapping) && key === undefined) {
    reader.fail(
      'CHUNKLINE_TOKENIZE_KEY',
      undefined,
      'at least 16 characters (the mapping uses tokenize)',
    );
  }
  const delimiter = reader.string('CHUNKLINE_CSV_DELIMITER');
  if (delimiter !== undefined && !/^[\x01-\x7f]$/.test(delimiter)) {
    reader.fail('CHUNKLINE_CSV_DELIMITER', delimiter, 'one ASCII character');
  }
  const config: DispatcherConfig = {
    ...common(reader),
    ingestQueueUrl:
      reader.url('CHUNKLINE_INGEST_QUEUE_URL', { required: true, allowed: QUEUE_URL }) ?? '',
    chunkQueueUrl:
      reader.url('CHUNKLINE_CHUNK_QUEUE_URL', { required: true, allowed: QUEUE_URL }) ?? '',
    output: {
      bucket: reader.required('CHUNKLINE_OUTPUT_BUCKET', 'a bucket name'),
      prefix: reader.string('CHUNKLINE_OUTPUT_PREFIX', { fallback: 'output/' }) ?? '',
    },
    chunkSize: reader.bytes(
      'CHUNKLINE_CHUNK_SIZE',
      64 * MiB,
      64 * KiB,
      5 * GiB,
      '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    ),
    singleChunkThreshold: reader.bytes(
      'CHUNKLINE_SINGLE_CHUNK_THRESHOLD',
      16 * MiB,
      0,
      5 * GiB,
      '0 to 5GiB',
    ),
    mapping: parsedMapping,
    tokenizeKey: key,
    csvDelimiter: delimiter,
    onBadRecord: reader.oneOf('CHUNKLINE_ON_BAD_RECORD', ['fail', 'skip'], 'fail'),
    ...outputEncoding(reader),
    consumer: consumer(reader),
  };
  reader.finish('dispatcher');
  return deepFreeze(config);
}

/** Parse and validate the processor's environment. */
export function parseProcessorConfig(env: Env): ProcessorConfig {
  const reader = new EnvReader(env);
  const config: ProcessorConfig = {
    ...common(reader),
    chunkQueueUrl:
      reader.url('CHUNKLINE_CHUNK_QUEUE_URL', { required: true, allowed: QUEUE_URL }) ?? '',
    mergeQueueUrl:
      reader.url('CHUNKLINE_MERGE_QUEUE_URL', { required: true, allowed: QUEUE_URL }) ?? '',
    tokenizeKey: tokenizeKey(reader),
    concurrency: reader.int('CHUNKLINE_CONCURRENCY', 2, 1, 32),
    maxReceives: reader.int('CHUNKLINE_MAX_RECEIVES', 5, 1, 1000),
    consumer: consumer(reader),
  };
  reader.finish('processor');
  return deepFreeze(config);
}

/** Parse and validate the merger's environment. */
export function parseMergerConfig(env: Env): MergerConfig {
  const reader = new EnvReader(env);
  const config: MergerConfig = {
    ...common(reader),
    mergeQueueUrl:
      reader.url('CHUNKLINE_MERGE_QUEUE_URL', { required: true, allowed: QUEUE_URL }) ?? '',
    tokenizeKey: tokenizeKey(reader),
    concurrency: reader.int('CHUNKLINE_CONCURRENCY', 2, 1, 32),
    maxReceives: reader.int('CHUNKLINE_MAX_RECEIVES', 5, 1, 1000),
    consumer: consumer(reader),
  };
  reader.finish('merger');
  return deepFreeze(config);
}

/** Parse the CLI's environment (the ingest queue is needed by `submit` only). */
export function parseCliConfig(env: Env): CliConfig {
  const reader = new EnvReader(env);
  const config: CliConfig = {
    ...common(reader),
    ingestQueueUrl: reader.url('CHUNKLINE_INGEST_QUEUE_URL', { allowed: QUEUE_URL }),
    chunkQueueUrl: reader.url('CHUNKLINE_CHUNK_QUEUE_URL', { allowed: QUEUE_URL }),
    mergeQueueUrl: reader.url('CHUNKLINE_MERGE_QUEUE_URL', { allowed: QUEUE_URL }),
  };
  reader.finish('chunkline');
  return deepFreeze(config);
}
