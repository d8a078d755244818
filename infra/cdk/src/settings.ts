import { KNOWN_VARIABLES } from '@chunkline/config';
import { SERVICE_NAMES } from './constants.ts';
import type { ServiceName } from './constants.ts';
import { InfraConfigError } from './errors.ts';

/** How the buckets encrypt objects at rest. */
export type BucketEncryptionSetting =
  | { readonly kind: 'sse-s3' }
  /** `keyArn` unset means the AWS managed key `aws/s3`. */
  | { readonly kind: 'sse-kms'; readonly keyArn: string | undefined };

/** Task size and task count of one service. */
export interface ServiceSizing {
  /** Fargate CPU units (256, 512, 1024, 2048, 4096). */
  readonly cpu: number;
  /** Fargate memory in MiB. */
  readonly memoryMiB: number;
  /** Tasks kept running when the queue is empty. */
  readonly minTasks: number;
  /** Tasks at most, however long the backlog. */
  readonly maxTasks: number;
}

/** Everything a deployment can set, with defaults applied. Built by {@link readSettings}. */
export interface ChunklineSettings {
  /** Start of every bucket, queue, alarm and log group name. Default `chunkline`. */
  readonly namePrefix: string;
  /** Key prefix of the source bucket's notification filter. Default `''` (every key). */
  readonly sourcePrefix: string;
  /** Key suffixes of the notification filter, one notification each. Default none (every key). */
  readonly sourceSuffixes: readonly string[];
  /** Default SSE-S3. */
  readonly encryption: BucketEncryptionSetting;
  /** `CHUNKLINE_STAGING_PREFIX`. Default `chunkline/`. */
  readonly stagingPrefix: string;
  /** `CHUNKLINE_OUTPUT_PREFIX`. Default `output/`. */
  readonly outputPrefix: string;
  /** Days after which staging objects (status documents, failed jobs' state) expire. Default 30. */
  readonly stagingExpirationDays: number;
  /** Days after which incomplete multipart uploads are aborted, in every bucket. Default 1. */
  readonly abortIncompleteUploadDays: number;
  /** `CHUNKLINE_VISIBILITY_TIMEOUT`, also the queues' default visibility timeout. Default 60. */
  readonly visibilityTimeoutSeconds: number;
  /** `CHUNKLINE_HEARTBEAT_INTERVAL`, below the visibility timeout. Default 20. */
  readonly heartbeatIntervalSeconds: number;
  /** `CHUNKLINE_MAX_RECEIVES`, also every queue's RedrivePolicy `maxReceiveCount`. Default 5. */
  readonly maxReceiveCount: number;
  /** `CHUNKLINE_DRAIN_SECONDS`; the containers' stop timeout is 5 s more. Default 25. */
  readonly drainSeconds: number;
  /** Where the images come from. */
  readonly images: {
    /** A registry path (`ghcr.io/acme/chunkline`): images are `<registry>/<service>:<tag>`. Unset: ECR. */
    readonly registry: string | undefined;
    /** ECR repositories are `<prefix><service>`. Default `chunkline-`. */
    readonly ecrRepositoryPrefix: string;
    /** Default `latest`. */
    readonly tag: string;
  };
  /** Task size and count per service. */
  readonly services: Readonly<Record<ServiceName, ServiceSizing>>;
  /** Chunk messages (visible plus in flight) per processor task the scaling aims at. Default 4. */
  readonly chunkBacklogPerTask: number;
  /** The oldest message of a work queue older than this raises an alarm. Default 900. */
  readonly oldestMessageAlarmSeconds: number;
  /** An address subscribed to the alarm topic. Default none. */
  readonly alarmEmail: string | undefined;
  /** A Secrets Manager secret holding `CHUNKLINE_TOKENIZE_KEY`. Default none. */
  readonly tokenizeKeySecretArn: string | undefined;
  /** Other `CHUNKLINE_*` variables given as context (chunk size, mapping …), for the services that read them. */
  readonly serviceVariables: Readonly<Record<string, string>>;
}

/** Variables the stacks set from the resources they create; a context value for them is refused. */
const OWNED_BY_STACK: Readonly<Record<string, string>> = {
  CHUNKLINE_AWS_ENDPOINT: 'services on AWS use the regional endpoints',
  CHUNKLINE_STAGING_BUCKET: 'the storage stack creates the staging bucket',
  CHUNKLINE_OUTPUT_BUCKET: 'the storage stack creates the output bucket',
  CHUNKLINE_INGEST_QUEUE_URL: 'the storage stack creates the ingest queue',
  CHUNKLINE_CHUNK_QUEUE_URL: 'the storage stack creates the chunk queue',
  CHUNKLINE_MERGE_QUEUE_URL: 'the storage stack creates the merge queue',
  CHUNKLINE_HEALTH_PORT: `the containers' health check uses port 8080`,
  CHUNKLINE_LOCALSTACK_ENDPOINT: 'it is for tests only',
  CHUNKLINE_TOKENIZE_KEY: 'a secret must not be written into a template; set tokenizeKeySecretArn',
  CHUNKLINE_MAPPING_FILE: 'the file is not in the image; set CHUNKLINE_MAPPING to the JSON',
  AWS_REGION: 'each task runs in the region of its stack',
};

/** Variables the stacks read themselves (and pass on to the services). */
const READ_BY_STACK = new Set([
  'CHUNKLINE_STAGING_PREFIX',
  'CHUNKLINE_OUTPUT_PREFIX',
  'CHUNKLINE_VISIBILITY_TIMEOUT',
  'CHUNKLINE_HEARTBEAT_INTERVAL',
  'CHUNKLINE_MAX_RECEIVES',
  'CHUNKLINE_DRAIN_SECONDS',
]);

const DEFAULT_SIZING: Readonly<Record<ServiceName, ServiceSizing>> = {
  dispatcher: { cpu: 256, memoryMiB: 512, minTasks: 1, maxTasks: 2 },
  processor: { cpu: 1024, memoryMiB: 2048, minTasks: 1, maxTasks: 10 },
  merger: { cpu: 512, memoryMiB: 1024, minTasks: 1, maxTasks: 2 },
};

const SIZING_KEYS = SERVICE_NAMES.flatMap((s) => [
  `${s}Cpu`,
  `${s}MemoryMiB`,
  `${s}MinTasks`,
  `${s}MaxTasks`,
]);

/** Every camelCase context key the app reads; any other camelCase key is refused as a typo. */
export const SETTING_KEYS: readonly string[] = [
  'namePrefix',
  'sourcePrefix',
  'sourceSuffixes',
  'encryption',
  'kmsKeyArn',
  'stagingExpirationDays',
  'abortIncompleteUploadDays',
  'imageRegistry',
  'ecrRepositoryPrefix',
  'imageTag',
  'chunkBacklogPerTask',
  'oldestMessageAlarmSeconds',
  'alarmEmail',
  'tokenizeKeySecretArn',
  ...SIZING_KEYS,
];

const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384];

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Reads one deployment's context values, applying defaults and checking each. */
class ContextReader {
  private readonly context: Readonly<Record<string, unknown>>;

  constructor(context: Readonly<Record<string, unknown>>) {
    this.context = context;
  }

  raw(key: string): unknown {
    const value = this.context[key];
    return value === '' ? undefined : value;
  }

  fail(key: string, value: unknown, allowed: string): never {
    throw new InfraConfigError(
      'InvalidSetting',
      key,
      `context ${key} is ${shown(value)}; allowed: ${allowed}. Set it with -c ${key}=… or in cdk.json.`,
    );
  }

  string(key: string, fallback: string, pattern: RegExp, allowed: string): string {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'string' || !pattern.test(value)) this.fail(key, value, allowed);
    return value;
  }

  optional(key: string, pattern: RegExp, allowed: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) this.fail(key, value, allowed);
    return value;
  }

  int(key: string, fallback: number, min: number, max: number): number {
    const value = this.raw(key) ?? fallback;
    const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < min || parsed > max)
      this.fail(key, value, `an integer from ${min} to ${max}`);
    return parsed;
  }

  list(key: string, pattern: RegExp, allowed: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    if (items.length === 0 || !items.every((i) => typeof i === 'string' && pattern.test(i)))
      this.fail(key, value, allowed);
    return items as string[];
  }
}

const ARN = /^arn:aws[a-z-]*:/;

function readEncryption(reader: ContextReader): BucketEncryptionSetting {
  const kind = reader.string('encryption', 'sse-s3', /^sse-(s3|kms)$/, 'sse-s3 | sse-kms');
  const keyArn = reader.optional('kmsKeyArn', /^arn:aws[a-z-]*:kms:/, 'a KMS key ARN');
  if (kind === 'sse-s3') {
    if (keyArn !== undefined) reader.fail('kmsKeyArn', keyArn, 'unset unless encryption=sse-kms');
    return { kind };
  }
  return { kind: 'sse-kms', keyArn };
}

function readSizing(reader: ContextReader): Record<ServiceName, ServiceSizing> {
  const entries = SERVICE_NAMES.map((service) => {
    const d = DEFAULT_SIZING[service];
    const cpu = reader.int(`${service}Cpu`, d.cpu, 256, 16384);
    if (!FARGATE_CPU.includes(cpu)) reader.fail(`${service}Cpu`, cpu, FARGATE_CPU.join(' | '));
    const memoryMiB = reader.int(`${service}MemoryMiB`, d.memoryMiB, 512, 122880);
    const minTasks = reader.int(`${service}MinTasks`, d.minTasks, 0, 1000);
    const maxTasks = reader.int(`${service}MaxTasks`, Math.max(d.maxTasks, minTasks), 1, 1000);
    if (maxTasks < minTasks)
      reader.fail(`${service}MaxTasks`, maxTasks, `at least ${service}MinTasks (${minTasks})`);
    return [service, { cpu, memoryMiB, minTasks, maxTasks }] as const;
  });
  return Object.fromEntries(entries) as Record<ServiceName, ServiceSizing>;
}

/** `CHUNKLINE_*` context values that are neither owned nor read by the stacks: passed to the services. */
function readServiceVariables(context: Readonly<Record<string, unknown>>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    if (!/^(CHUNKLINE_|AWS_)/.test(key)) continue;
    if (key in OWNED_BY_STACK) {
      throw new InfraConfigError(
        'InvalidSetting',
        key,
        `context ${key} cannot be set: ${OWNED_BY_STACK[key]}.`,
      );
    }
    if (!KNOWN_VARIABLES.has(key)) {
      throw new InfraConfigError(
        'UnknownSetting',
        key,
        `context ${key} is not a Chunkline variable; see the Configuration table in README.md for the names.`,
      );
    }
    if (READ_BY_STACK.has(key)) continue;
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new InfraConfigError(
        'InvalidSetting',
        key,
        `context ${key} is ${shown(value)}; give it as a string, as the environment would.`,
      );
    variables[key] = String(value);
  }
  return variables;
}

function refuseUnknownKeys(context: Readonly<Record<string, unknown>>): void {
  const known = new Set(SETTING_KEYS);
  for (const key of Object.keys(context)) {
    if (/^[a-z][A-Za-z0-9]*$/.test(key) && !known.has(key)) {
      throw new InfraConfigError(
        'UnknownSetting',
        key,
        `context ${key} is not a setting of this app; the settings are ${SETTING_KEYS.join(', ')} and the CHUNKLINE_* variables.`,
      );
    }
  }
}

/**
 * The deployment's settings from CDK context (`cdk.json`, `-c key=value`), with defaults applied.
 * Context keys are the camelCase settings of {@link SETTING_KEYS} plus `CHUNKLINE_*` variables, which
 * reach every service that reads them. Throws {@link InfraConfigError} naming the first bad key.
 */
export function readSettings(context: Readonly<Record<string, unknown>> = {}): ChunklineSettings {
  refuseUnknownKeys(context);
  const reader = new ContextReader(context);
  const visibilityTimeoutSeconds = reader.int('CHUNKLINE_VISIBILITY_TIMEOUT', 60, 2, 43_200);
  const heartbeatIntervalSeconds = reader.int(
    'CHUNKLINE_HEARTBEAT_INTERVAL',
    Math.max(1, Math.min(20, Math.floor(visibilityTimeoutSeconds / 3))),
    1,
    visibilityTimeoutSeconds - 1,
  );
  return {
    namePrefix: reader.string(
      'namePrefix',
      'chunkline',
      /^[a-z0-9][a-z0-9-]{0,19}$/,
      '1-20 lowercase letters, digits or hyphens, starting with a letter or digit',
    ),
    sourcePrefix: reader.string('sourcePrefix', '', /^[^*]{0,1024}$/, 'a key prefix'),
    sourceSuffixes: reader.list(
      'sourceSuffixes',
      /^[^*,]{1,1024}$/,
      'key suffixes separated by commas, e.g. .csv,.jsonl',
    ),
    encryption: readEncryption(reader),
    stagingPrefix: reader.string(
      'CHUNKLINE_STAGING_PREFIX',
      'chunkline/',
      /^[^*]+\/$/,
      'a key prefix ending in /',
    ),
    outputPrefix: reader.string('CHUNKLINE_OUTPUT_PREFIX', 'output/', /^[^*]*$/, 'a key prefix'),
    stagingExpirationDays: reader.int('stagingExpirationDays', 30, 1, 3650),
    abortIncompleteUploadDays: reader.int('abortIncompleteUploadDays', 1, 1, 365),
    visibilityTimeoutSeconds,
    heartbeatIntervalSeconds,
    maxReceiveCount: reader.int('CHUNKLINE_MAX_RECEIVES', 5, 1, 1000),
    drainSeconds: reader.int('CHUNKLINE_DRAIN_SECONDS', 25, 0, 115),
    images: {
      registry: reader.optional(
        'imageRegistry',
        /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/,
        'a registry path such as ghcr.io/acme/chunkline',
      ),
      ecrRepositoryPrefix: reader.string(
        'ecrRepositoryPrefix',
        'chunkline-',
        /^[a-z0-9._/-]*$/,
        'an ECR repository name prefix',
      ),
      tag: reader.string(
        'imageTag',
        'latest',
        /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
        'an image tag',
      ),
    },
    services: readSizing(reader),
    chunkBacklogPerTask: reader.int('chunkBacklogPerTask', 4, 1, 10_000),
    oldestMessageAlarmSeconds: reader.int('oldestMessageAlarmSeconds', 900, 60, 1_209_600),
    alarmEmail: reader.optional('alarmEmail', /^[^@\s]+@[^@\s]+$/, 'an email address'),
    tokenizeKeySecretArn: reader.optional(
      'tokenizeKeySecretArn',
      new RegExp(`${ARN.source}secretsmanager:`),
      'a Secrets Manager secret ARN',
    ),
    serviceVariables: readServiceVariables(context),
  };
}
