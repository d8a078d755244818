import { OutputCompression, OutputFormat } from '@chunkline/contracts';
import { isAbsolute, relative, resolve } from 'node:path';
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
  /** Account id sent as `ExpectedBucketOwner` on every S3 request; unset sends none. */
  readonly expectedBucketOwner?: string | undefined;
}

/** Where the tokenization key is read from at start, when it is not in the environment. */
export type TokenizeKeyReference =
  | { readonly kind: 'secretsManager'; readonly secretId: string }
  | { readonly kind: 'ssmParameter'; readonly name: string };

/** How a service gets its tokenization keys: at most one source of the current key. */
export interface TokenizeKeyConfig {
  /** From `CHUNKLINE_TOKENIZE_KEY`. */
  readonly tokenizeKey?: string | undefined;
  /** From `CHUNKLINE_TOKENIZE_KEY_SECRET_ID` or `CHUNKLINE_TOKENIZE_KEY_PARAMETER`. */
  readonly tokenizeKeyReference?: TokenizeKeyReference | undefined;
  /** The only directory user modules are loaded from; unset means none is. */
  readonly transformModuleDir?: string | undefined;
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

export interface DispatcherConfig extends CommonConfig, TokenizeKeyConfig {
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

export interface ProcessorConfig extends CommonConfig, TokenizeKeyConfig {
  readonly chunkQueueUrl: string;
  readonly mergeQueueUrl: string;
  /** Keys of jobs planned before a rotation (`CHUNKLINE_TOKENIZE_PREVIOUS_KEYS`). */
  readonly previousTokenizeKeys?: readonly string[] | undefined;
  readonly concurrency: number;
  readonly maxReceives: number;
  readonly consumer: ConsumerConfig;
}

export interface MergerConfig extends CommonConfig, TokenizeKeyConfig {
  readonly mergeQueueUrl: string;
  /** Needed to re-run a CSV chunk whose inferred quote state proved wrong. */
  readonly previousTokenizeKeys?: readonly string[] | undefined;
  readonly concurrency: number;
  /** Parts one merge sends at once (`CHUNKLINE_MERGE_PART_CONCURRENCY`). */
  readonly mergePartConcurrency: number;
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

/**
 * Why a key prefix could place objects outside where it points: a `..` or empty segment,
 * a leading `/`, control characters; `undefined` when it is safe.
 */
export function keyPrefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith('/')) return 'it starts with /';
  if (/[\x00-\x1f\x7f]/.test(prefix)) return 'it contains control characters';
  const segments = prefix.split('/').slice(0, -1);
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return 'it has a . or .. segment';
  if (segments.some((segment) => segment === '')) return 'it has an empty segment (//)';
  return undefined;
}

function common(reader: EnvReader): CommonConfig {
  const prefix = reader.string('CHUNKLINE_STAGING_PREFIX', { fallback: 'chunkline/' }) ?? '';
  const problem = keyPrefixProblem(prefix);
  if (!prefix.endsWith('/') || problem !== undefined)
    reader.fail(
      'CHUNKLINE_STAGING_PREFIX',
      prefix,
      `a key prefix ending in /${problem ? ` (${problem})` : ''}`,
    );
  const owner = reader.string('CHUNKLINE_EXPECTED_BUCKET_OWNER');
  if (owner !== undefined && !/^\d{12}$/.test(owner))
    reader.fail('CHUNKLINE_EXPECTED_BUCKET_OWNER', owner, 'a 12-digit AWS account id');
  return {
    aws: {
      endpoint: reader.url('CHUNKLINE_AWS_ENDPOINT'),
      region: reader.string('AWS_REGION', { fallback: 'us-east-1' }) ?? 'us-east-1',
      expectedBucketOwner: owner,
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
/** Keys shorter than this are refused. */
const MIN_KEY_LENGTH = 16;

function tokenizeKey(reader: EnvReader): string | undefined {
  const key = reader.string('CHUNKLINE_TOKENIZE_KEY');
  if (key !== undefined && key.length < MIN_KEY_LENGTH) {
    reader.fail('CHUNKLINE_TOKENIZE_KEY', '(hidden)', `at least ${MIN_KEY_LENGTH} characters`);
  }
  return key;
}

/** The key sources and the module directory; at most one source of the current key. */
function keyConfig(reader: EnvReader): TokenizeKeyConfig {
  const key = tokenizeKey(reader);
  const secretId = reader.string('CHUNKLINE_TOKENIZE_KEY_SECRET_ID');
  const parameter = reader.string('CHUNKLINE_TOKENIZE_KEY_PARAMETER');
  if (key !== undefined && secretId !== undefined)
    reader.fail(
      'CHUNKLINE_TOKENIZE_KEY_SECRET_ID',
      secretId,
      'unset when CHUNKLINE_TOKENIZE_KEY is set (one key source only)',
    );
  if ((key !== undefined || secretId !== undefined) && parameter !== undefined)
    reader.fail(
      'CHUNKLINE_TOKENIZE_KEY_PARAMETER',
      parameter,
      `unset when ${key !== undefined ? 'CHUNKLINE_TOKENIZE_KEY' : 'CHUNKLINE_TOKENIZE_KEY_SECRET_ID'} is set (one key source only)`,
    );
  const reference: TokenizeKeyReference | undefined =
    secretId !== undefined
      ? { kind: 'secretsManager', secretId }
      : parameter !== undefined
        ? { kind: 'ssmParameter', name: parameter }
        : undefined;
  const dir = reader.string('CHUNKLINE_TRANSFORM_MODULE_DIR');
  if (dir !== undefined && !isAbsolute(dir))
    reader.fail('CHUNKLINE_TRANSFORM_MODULE_DIR', dir, 'an absolute directory path');
  return {
    tokenizeKey: key,
    tokenizeKeyReference: reference,
    transformModuleDir: dir !== undefined && isAbsolute(dir) ? resolve(dir) : undefined,
  };
}

/** `CHUNKLINE_TOKENIZE_PREVIOUS_KEYS`: a JSON array of keys; values are never shown. */
function previousKeys(reader: EnvReader, env: Env): readonly string[] | undefined {
  const name = 'CHUNKLINE_TOKENIZE_PREVIOUS_KEYS';
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const allowed = `a JSON array of keys of at least ${MIN_KEY_LENGTH} characters`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    reader.fail(name, '(hidden)', allowed);
    return undefined;
  }
  if (
    !Array.isArray(parsed) ||
    !parsed.every((key) => typeof key === 'string' && key.length >= MIN_KEY_LENGTH)
  ) {
    reader.fail(name, '(hidden)', allowed);
    return undefined;
  }
  return parsed as string[];
}

/**
 * Where a mapping's user module resolves, when it is allowed: inside `dir` (relative paths
 * resolve against it). `undefined` when it would be loaded from anywhere else.
 */
export function moduleWithin(dir: string, modulePath: string): string | undefined {
  const target = resolve(dir, modulePath);
  const inside = relative(dir, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return target;
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
  const keys = keyConfig(reader);
  if (
    usesTokenize(parsedMapping) &&
    keys.tokenizeKey === undefined &&
    keys.tokenizeKeyReference === undefined
  ) {
    reader.fail(
      'CHUNKLINE_TOKENIZE_KEY',
      undefined,
      `at least ${MIN_KEY_LENGTH} characters (the mapping uses tokenize; or set CHUNKLINE_TOKENIZE_KEY_SECRET_ID or CHUNKLINE_TOKENIZE_KEY_PARAMETER)`,
    );
  }
  const module = parsedMapping.module;
  if (module !== undefined) {
    if (keys.transformModuleDir === undefined)
      reader.fail(
        'CHUNKLINE_TRANSFORM_MODULE_DIR',
        undefined,
        `the directory holding the mapping's module ${module}`,
      );
    else if (moduleWithin(keys.transformModuleDir, module) === undefined)
      reader.fail(
        'CHUNKLINE_MAPPING',
        `module ${module}`,
        `a module inside CHUNKLINE_TRANSFORM_MODULE_DIR (${keys.transformModuleDir})`,
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
    ...keys,
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
    ...keyConfig(reader),
    previousTokenizeKeys: previousKeys(reader, env),
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
    ...keyConfig(reader),
    previousTokenizeKeys: previousKeys(reader, env),
    concurrency: reader.int('CHUNKLINE_CONCURRENCY', 2, 1, 32),
    mergePartConcurrency: reader.int('CHUNKLINE_MERGE_PART_CONCURRENCY', 4, 1, 16),
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
