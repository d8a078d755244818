import { Token } from 'aws-cdk-lib';
import {
  ConfigErrors,
  parseDispatcherConfig,
  parseMergerConfig,
  parseProcessorConfig,
  VARIABLES,
} from '@chunkline/config';
import type { Env } from '@chunkline/config';
import { HEALTH_PORT } from './constants.ts';
import type { ServiceName } from './constants.ts';
import { InfraConfigError } from './errors.ts';
import type { ChunklineSettings } from './settings.ts';

/** The deployed names a service's environment points at (tokens until deployment). */
export interface EnvironmentTargets {
  readonly region: string;
  readonly stagingBucket: string;
  readonly outputBucket: string;
  readonly queueUrls: { readonly ingest: string; readonly chunk: string; readonly merge: string };
}

/** Stands in for a value known only at deployment, so synthesis can run the services' own validation. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  CHUNKLINE_STAGING_BUCKET: 'placeholder-staging',
  CHUNKLINE_OUTPUT_BUCKET: 'placeholder-output',
  CHUNKLINE_INGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/ingest',
  CHUNKLINE_CHUNK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/chunk',
  CHUNKLINE_MERGE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/merge',
};

/** Stands in for the key the task reads from Secrets Manager. */
const PLACEHOLDER_TOKENIZE_KEY = 'placeholder-tokenize-key';

const PARSERS: Readonly<Record<ServiceName, (env: Env) => unknown>> = {
  dispatcher: (env) =>
    parseDispatcherConfig(env, (path) => {
      throw new Error(`no file ${path} at synthesis`);
    }),
  processor: parseProcessorConfig,
  merger: parseMergerConfig,
};

/**
 * The environment of one service's container: the deployed buckets and queues, the settings the
 * stacks share with the queues (visibility timeout, heartbeat, max receives, drain), port 8080 for
 * `/healthz`, and every other `CHUNKLINE_*` context value; each only if the service reads it
 * (according to `VARIABLES` of `@chunkline/config`).
 */
export function serviceEnvironment(
  service: ServiceName,
  settings: ChunklineSettings,
  targets: EnvironmentTargets,
): Record<string, string> {
  const all: Record<string, string> = {
    AWS_REGION: targets.region,
    CHUNKLINE_STAGING_BUCKET: targets.stagingBucket,
    CHUNKLINE_STAGING_PREFIX: settings.stagingPrefix,
    CHUNKLINE_OUTPUT_BUCKET: targets.outputBucket,
    CHUNKLINE_OUTPUT_PREFIX: settings.outputPrefix,
    CHUNKLINE_INGEST_QUEUE_URL: targets.queueUrls.ingest,
    CHUNKLINE_CHUNK_QUEUE_URL: targets.queueUrls.chunk,
    CHUNKLINE_MERGE_QUEUE_URL: targets.queueUrls.merge,
    CHUNKLINE_VISIBILITY_TIMEOUT: String(settings.visibilityTimeoutSeconds),
    CHUNKLINE_HEARTBEAT_INTERVAL: String(settings.heartbeatIntervalSeconds),
    CHUNKLINE_MAX_RECEIVES: String(settings.maxReceiveCount),
    CHUNKLINE_DRAIN_SECONDS: String(settings.drainSeconds),
    CHUNKLINE_HEALTH_PORT: String(HEALTH_PORT),
    ...settings.serviceVariables,
  };
  const readers = new Map<string, readonly string[]>(
    VARIABLES.map((v) => [v.name, v.services as readonly string[]]),
  );
  return Object.fromEntries(
    Object.entries(all).filter(([name]) => readers.get(name)?.includes(service) ?? false),
  );
}

/**
 * Runs the service's own configuration parser over `environment` (deploy-time tokens replaced by
 * placeholders), so a value the service would refuse at start stops `cdk synth` instead.
 * Throws {@link InfraConfigError} with the service's own messages.
 */
export function validateServiceEnvironment(
  service: ServiceName,
  environment: Readonly<Record<string, string>>,
  tokenizeKeyFromSecret: boolean,
): void {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    env[name] = Token.isUnresolved(value) ? (PLACEHOLDERS[name] ?? 'placeholder') : value;
  }
  if (tokenizeKeyFromSecret) env['CHUNKLINE_TOKENIZE_KEY'] = PLACEHOLDER_TOKENIZE_KEY;
  try {
    PARSERS[service](env);
  } catch (error) {
    if (!(error instanceof ConfigErrors)) throw error;
    const variable = error.errors[0]?.variable ?? service;
    throw new InfraConfigError(
      'InvalidServiceConfig',
      variable,
      `${error.message}\nSet these with -c NAME=value (CHUNKLINE_TOKENIZE_KEY through tokenizeKeySecretArn).`,
      { cause: error },
    );
  }
}
