import { describe, expect, it } from 'vitest';
import { parseCliConfig, parseMergerConfig, parseProcessorConfig } from '../src/index.ts';
import type { Env } from '../src/index.ts';
import { CLI_ENV, GOOD_KEY, MERGER_ENV, PROCESSOR_ENV, configErrorsOf } from './helpers/envs.ts';

const defaultCommon = {
  aws: { endpoint: undefined, region: 'us-east-1' },
  staging: { bucket: 'chunkline-staging', prefix: 'chunkline/' },
  logLevel: 'info',
};
const defaultConsumer = {
  drainSeconds: 25,
  visibilityTimeoutSeconds: 60,
  heartbeatIntervalSeconds: 20,
  healthPort: 8080,
};

/** The worker services, which share concurrency, receive and consumer settings. */
const workers = [
  { service: 'processor', parse: parseProcessorConfig, minimal: PROCESSOR_ENV },
  { service: 'merger', parse: parseMergerConfig, minimal: MERGER_ENV },
] as const;

describe('Function: parseProcessorConfig', () => {
  it('fills every default from a minimal valid environment', () => {
    // Act
    const config = parseProcessorConfig(PROCESSOR_ENV);

    // Assess
    expect(config).toEqual({
      ...defaultCommon,
      chunkQueueUrl: 'http://localhost:4566/000000000000/chunkline-chunks',
      mergeQueueUrl: 'http://localhost:4566/000000000000/chunkline-merge',
      tokenizeKey: undefined,
      concurrency: 2,
      maxReceives: 5,
      consumer: defaultConsumer,
    });
  });

  it('lists each missing required variable', () => {
    // Act
    const error = configErrorsOf(() => parseProcessorConfig({}));

    // Assess
    expect(error.message).toBe(
      [
        'processor cannot start; fix its environment:',
        '  - CHUNKLINE_STAGING_BUCKET is not set; allowed: a bucket name',
        '  - CHUNKLINE_CHUNK_QUEUE_URL is not set; allowed: an SQS queue URL',
        '  - CHUNKLINE_MERGE_QUEUE_URL is not set; allowed: an SQS queue URL',
      ].join('\n'),
    );
  });
});

describe('Function: parseMergerConfig', () => {
  it('fills every default from a minimal valid environment', () => {
    // Act
    const config = parseMergerConfig(MERGER_ENV);

    // Assess
    expect(config).toEqual({
      ...defaultCommon,
      mergeQueueUrl: 'http://localhost:4566/000000000000/chunkline-merge',
      tokenizeKey: undefined,
      concurrency: 2,
      mergePartConcurrency: 4,
      maxReceives: 5,
      consumer: defaultConsumer,
    });
  });

  it.each([
    { value: '1', expected: 1 },
    { value: '16', expected: 16 },
  ])('reads CHUNKLINE_MERGE_PART_CONCURRENCY=$value', ({ value, expected }) => {
    // Act
    const config = parseMergerConfig({ ...MERGER_ENV, CHUNKLINE_MERGE_PART_CONCURRENCY: value });

    // Assess
    expect(config.mergePartConcurrency).toBe(expected);
  });

  it.each(['0', '17', 'four'])('refuses CHUNKLINE_MERGE_PART_CONCURRENCY=%s', (value) => {
    // Act
    const error = configErrorsOf(() =>
      parseMergerConfig({ ...MERGER_ENV, CHUNKLINE_MERGE_PART_CONCURRENCY: value }),
    );

    // Assess
    expect(error.message).toBe(
      `merger cannot start; fix its environment:\n  - CHUNKLINE_MERGE_PART_CONCURRENCY is ${JSON.stringify(value)}; allowed: an integer from 1 to 16`,
    );
  });

  it('lists each missing required variable', () => {
    // Act
    const error = configErrorsOf(() => parseMergerConfig({}));

    // Assess
    expect(error.message).toBe(
      [
        'merger cannot start; fix its environment:',
        '  - CHUNKLINE_STAGING_BUCKET is not set; allowed: a bucket name',
        '  - CHUNKLINE_MERGE_QUEUE_URL is not set; allowed: an SQS queue URL',
      ].join('\n'),
    );
  });
});

describe('Functions: parseProcessorConfig and parseMergerConfig', () => {
  const badValues = [
    { variable: 'CHUNKLINE_CONCURRENCY', value: '0', allowed: 'an integer from 1 to 32' },
    { variable: 'CHUNKLINE_CONCURRENCY', value: '33', allowed: 'an integer from 1 to 32' },
    { variable: 'CHUNKLINE_CONCURRENCY', value: 'two', allowed: 'an integer from 1 to 32' },
    { variable: 'CHUNKLINE_MAX_RECEIVES', value: '1001', allowed: 'an integer from 1 to 1000' },
    { variable: 'CHUNKLINE_MAX_RECEIVES', value: '-1', allowed: 'an integer from 1 to 1000' },
    { variable: 'CHUNKLINE_HEALTH_PORT', value: '80.5', allowed: 'an integer from 0 to 65535' },
    {
      variable: 'CHUNKLINE_HEARTBEAT_INTERVAL',
      value: '90',
      allowed: 'fewer seconds than CHUNKLINE_VISIBILITY_TIMEOUT (60)',
    },
    {
      variable: 'CHUNKLINE_STAGING_PREFIX',
      value: 'chunkline',
      allowed: 'a key prefix ending in /',
    },
    {
      variable: 'CHUNKLINE_AWS_ENDPOINT',
      value: 'localstack:4566',
      allowed: 'an http(s) URL',
    },
    { variable: 'CHUNKLINE_LOG_LEVEL', value: 'trace', allowed: 'debug | info | warn | error' },
    {
      variable: 'CHUNKLINE_CONCURENCY',
      value: '4',
      allowed: 'a known variable (see the README); is it misspelt?',
    },
  ];
  const cases = workers.flatMap(({ service, parse, minimal }) =>
    badValues.map((bad) => ({ service, parse, minimal, ...bad })),
  );

  it.each(cases)(
    'the $service refuses $variable=$value',
    ({ service, parse, minimal, variable, value, allowed }) => {
      // Act
      const error = configErrorsOf(() => parse({ ...minimal, [variable]: value }));

      // Assess
      expect(error.message).toBe(
        `${service} cannot start; fix its environment:\n  - ${variable} is ${JSON.stringify(value)}; allowed: ${allowed}`,
      );
    },
  );

  it.each(workers)(
    'the $service hides a tokenization key that is too short',
    ({ service, parse, minimal }) => {
      // Act
      const error = configErrorsOf(() =>
        parse({ ...minimal, CHUNKLINE_TOKENIZE_KEY: 'tiny-secret' }),
      );

      // Assess
      expect(error.message).toBe(
        `${service} cannot start; fix its environment:\n  - CHUNKLINE_TOKENIZE_KEY is "(hidden)"; allowed: at least 16 characters`,
      );
    },
  );

  it.each(workers)('the $service reads its own settings', ({ parse, minimal }) => {
    // Prepare
    const env: Env = {
      ...minimal,
      CHUNKLINE_CONCURRENCY: '32',
      CHUNKLINE_MAX_RECEIVES: '1',
      CHUNKLINE_TOKENIZE_KEY: GOOD_KEY,
      CHUNKLINE_VISIBILITY_TIMEOUT: '43200',
      CHUNKLINE_HEARTBEAT_INTERVAL: '43199',
    };

    // Act
    const config = parse(env);

    // Assess
    expect(config).toMatchObject({
      concurrency: 32,
      maxReceives: 1,
      tokenizeKey: GOOD_KEY,
      consumer: { visibilityTimeoutSeconds: 43_200, heartbeatIntervalSeconds: 43_199 },
    });
  });

  it.each(workers)(
    'the $service accepts variables meant for other services, as a shared environment has them',
    ({ parse, minimal }) => {
      // Act
      const config = parse({
        ...minimal,
        CHUNKLINE_OUTPUT_BUCKET: 'out',
        CHUNKLINE_CHUNK_SIZE: 'bad',
      });

      // Assess
      expect(config.staging.bucket).toBe('chunkline-staging');
    },
  );

  it.each(workers)('the $service config is frozen all the way down', ({ parse, minimal }) => {
    // Act
    const config = parse(minimal);

    // Assess
    expect([config, config.aws, config.staging, config.consumer].every(Object.isFrozen)).toBe(true);
  });
});

describe('Function: parseCliConfig', () => {
  it('needs only the staging bucket, leaving the ingest queue optional', () => {
    // Act
    const config = parseCliConfig(CLI_ENV);

    // Assess
    expect(config).toEqual({ ...defaultCommon, ingestQueueUrl: undefined });
  });

  it('reads the ingest queue and LocalStack endpoint when set', () => {
    // Prepare
    const env = {
      ...CLI_ENV,
      CHUNKLINE_INGEST_QUEUE_URL: 'http://localhost:4566/000000000000/chunkline-ingest',
      CHUNKLINE_AWS_ENDPOINT: 'https://localhost:4566/',
      CHUNKLINE_LOCALSTACK_ENDPOINT: 'http://localhost:4566',
    };

    // Act
    const config = parseCliConfig(env);

    // Assess
    expect(config.ingestQueueUrl).toBe('http://localhost:4566/000000000000/chunkline-ingest');
    expect(config.aws.endpoint).toBe('https://localhost:4566/');
  });

  it('names itself chunkline when refusing, and reports every problem', () => {
    // Act
    const error = configErrorsOf(() =>
      parseCliConfig({ CHUNKLINE_STAGING_PREFIX: 'x', CHUNKLINE_BUCKET: 'b' }),
    );

    // Assess
    expect(error.message).toBe(
      [
        'chunkline cannot start; fix its environment:',
        '  - CHUNKLINE_STAGING_PREFIX is "x"; allowed: a key prefix ending in /',
        '  - CHUNKLINE_STAGING_BUCKET is not set; allowed: a bucket name',
        '  - CHUNKLINE_BUCKET is "b"; allowed: a known variable (see the README); is it misspelt?',
      ].join('\n'),
    );
  });

  it('returns a frozen config', () => {
    // Act
    const config = parseCliConfig(CLI_ENV);

    // Assess
    expect([config, config.aws, config.staging].every(Object.isFrozen)).toBe(true);
  });
});
