import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrors, parseDispatcherConfig } from '../src/index.ts';
import { DISPATCHER_ENV, GOOD_KEY, configErrorsOf, filesOf, noFile } from './helpers/envs.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

const TOKENIZING_MAPPING = JSON.stringify({ version: 1, fields: { email: { op: 'tokenize' } } });

describe('Function: parseDispatcherConfig', () => {
  it('fills every default from a minimal valid environment', () => {
    // Act
    const config = parseDispatcherConfig(DISPATCHER_ENV, noFile);

    // Assess
    expect(config).toEqual({
      aws: { endpoint: undefined, region: 'us-east-1' },
      staging: { bucket: 'chunkline-staging', prefix: 'chunkline/' },
      logLevel: 'info',
      ingestQueueUrl: 'http://localhost:4566/000000000000/chunkline-ingest',
      chunkQueueUrl: 'http://localhost:4566/000000000000/chunkline-chunks',
      output: { bucket: 'processed-data', prefix: 'output/' },
      chunkSize: 64 * MiB,
      singleChunkThreshold: 16 * MiB,
      mapping: { version: 1, fields: {} },
      tokenizeKey: undefined,
      csvDelimiter: undefined,
      onBadRecord: 'fail',
      outputFormat: 'preserve',
      outputCompression: 'none',
      consumer: {
        drainSeconds: 25,
        visibilityTimeoutSeconds: 60,
        heartbeatIntervalSeconds: 20,
        healthPort: 8080,
      },
    });
  });

  it('reads every variable it is given', () => {
    // Prepare
    const env = {
      ...DISPATCHER_ENV,
      CHUNKLINE_AWS_ENDPOINT: 'http://localhost:4566',
      AWS_REGION: 'eu-west-1',
      CHUNKLINE_STAGING_PREFIX: 'state/',
      CHUNKLINE_LOG_LEVEL: 'debug',
      CHUNKLINE_OUTPUT_PREFIX: 'results/',
      CHUNKLINE_CHUNK_SIZE: '8MiB',
      CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0',
      CHUNKLINE_MAPPING: TOKENIZING_MAPPING,
      CHUNKLINE_TOKENIZE_KEY: GOOD_KEY,
      CHUNKLINE_CSV_DELIMITER: '\t',
      CHUNKLINE_ON_BAD_RECORD: 'skip',
      CHUNKLINE_VISIBILITY_TIMEOUT: '300',
      CHUNKLINE_HEARTBEAT_INTERVAL: '299',
      CHUNKLINE_HEALTH_PORT: '0',
    };

    // Act
    const config = parseDispatcherConfig(env, noFile);

    // Assess
    expect(config).toMatchObject({
      aws: { endpoint: 'http://localhost:4566', region: 'eu-west-1' },
      staging: { prefix: 'state/' },
      logLevel: 'debug',
      chunkSize: 8 * MiB,
      singleChunkThreshold: 0,
      mapping: { version: 1, fields: { email: { op: 'tokenize' } } },
      tokenizeKey: GOOD_KEY,
      csvDelimiter: '\t',
      onBadRecord: 'skip',
      consumer: { visibilityTimeoutSeconds: 300, heartbeatIntervalSeconds: 299, healthPort: 0 },
    });
    expect(config.output.prefix).toBe('results/');
  });

  it.each([
    { value: '1048576', bytes: 1_048_576 },
    { value: '65536', bytes: 64 * KiB },
    { value: '64KiB', bytes: 64 * KiB },
    { value: '16MiB', bytes: 16 * MiB },
    { value: '16 MiB', bytes: 16 * MiB },
    { value: '16mib', bytes: 16 * MiB },
    { value: '1.5GiB', bytes: 1_610_612_736 },
    { value: '5GiB', bytes: 5 * GiB },
    { value: '2097152B', bytes: 2 * MiB },
  ])('reads the byte size $value as $bytes bytes', ({ value, bytes }) => {
    // Act
    const config = parseDispatcherConfig(
      { ...DISPATCHER_ENV, CHUNKLINE_CHUNK_SIZE: value },
      noFile,
    );

    // Assess
    expect(config.chunkSize).toBe(bytes);
  });

  it.each([
    {
      problem: 'a chunk size with an unknown unit',
      variable: 'CHUNKLINE_CHUNK_SIZE',
      value: '12 parsecs',
      allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    },
    {
      problem: 'a chunk size of 0',
      variable: 'CHUNKLINE_CHUNK_SIZE',
      value: '0',
      allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    },
    {
      problem: 'a chunk size one byte under 64KiB',
      variable: 'CHUNKLINE_CHUNK_SIZE',
      value: '65535',
      allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    },
    {
      problem: 'a chunk size over 5GiB',
      variable: 'CHUNKLINE_CHUNK_SIZE',
      value: '6GiB',
      allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    },
    {
      problem: 'a chunk size in decimal megabytes',
      variable: 'CHUNKLINE_CHUNK_SIZE',
      value: '64MB',
      allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    },
    {
      problem: 'a negative chunk size',
      variable: 'CHUNKLINE_CHUNK_SIZE',
      value: '-64MiB',
      allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    },
    {
      problem: 'a threshold over 5GiB',
      variable: 'CHUNKLINE_SINGLE_CHUNK_THRESHOLD',
      value: '5.5GiB',
      allowed: '0 to 5GiB',
    },
    {
      problem: 'a non-integer visibility timeout',
      variable: 'CHUNKLINE_VISIBILITY_TIMEOUT',
      value: '60s',
      allowed: 'an integer from 2 to 43200',
    },
    {
      problem: 'a fractional visibility timeout',
      variable: 'CHUNKLINE_VISIBILITY_TIMEOUT',
      value: '1.5',
      allowed: 'an integer from 2 to 43200',
    },
    {
      problem: 'a visibility timeout under 2 seconds',
      variable: 'CHUNKLINE_VISIBILITY_TIMEOUT',
      value: '1',
      allowed: 'an integer from 2 to 43200',
    },
    {
      problem: 'a visibility timeout over 12 hours',
      variable: 'CHUNKLINE_VISIBILITY_TIMEOUT',
      value: '43201',
      allowed: 'an integer from 2 to 43200',
    },
    {
      problem: 'a heartbeat of 0',
      variable: 'CHUNKLINE_HEARTBEAT_INTERVAL',
      value: '0',
      allowed: 'an integer from 1 to 43199',
    },
    {
      problem: 'a heartbeat equal to the visibility timeout',
      variable: 'CHUNKLINE_HEARTBEAT_INTERVAL',
      value: '60',
      allowed: 'fewer seconds than CHUNKLINE_VISIBILITY_TIMEOUT (60)',
    },
    {
      problem: 'a heartbeat longer than the visibility timeout',
      variable: 'CHUNKLINE_HEARTBEAT_INTERVAL',
      value: '61',
      allowed: 'fewer seconds than CHUNKLINE_VISIBILITY_TIMEOUT (60)',
    },
    {
      problem: 'an unknown output format',
      variable: 'CHUNKLINE_OUTPUT_FORMAT',
      value: 'xml',
      allowed: 'preserve | csv | jsonl | json | parquet',
    },
    {
      problem: 'an unknown output compression',
      variable: 'CHUNKLINE_OUTPUT_COMPRESSION',
      value: 'zstd',
      allowed: 'none | gzip',
    },
    {
      problem: 'a health port over 65535',
      variable: 'CHUNKLINE_HEALTH_PORT',
      value: '65536',
      allowed: 'an integer from 0 to 65535',
    },
    {
      problem: 'a hexadecimal health port',
      variable: 'CHUNKLINE_HEALTH_PORT',
      value: '0x1F90',
      allowed: 'an integer from 0 to 65535',
    },
    {
      problem: 'an endpoint without a scheme',
      variable: 'CHUNKLINE_AWS_ENDPOINT',
      value: 'localhost:4566',
      allowed: 'an http(s) URL',
    },
    {
      problem: 'an endpoint that is not http(s)',
      variable: 'CHUNKLINE_AWS_ENDPOINT',
      value: 'ftp://localhost:4566',
      allowed: 'an http(s) URL',
    },
    {
      problem: 'an endpoint that is not a URL',
      variable: 'CHUNKLINE_AWS_ENDPOINT',
      value: 'not a url',
      allowed: 'an http(s) URL',
    },
    {
      problem: 'a staging prefix without a trailing slash',
      variable: 'CHUNKLINE_STAGING_PREFIX',
      value: 'chunkline',
      allowed: 'a key prefix ending in /',
    },
    {
      problem: 'a two-character delimiter',
      variable: 'CHUNKLINE_CSV_DELIMITER',
      value: ';;',
      allowed: 'one ASCII character',
    },
    {
      problem: 'an escaped tab written as two characters',
      variable: 'CHUNKLINE_CSV_DELIMITER',
      value: '\\t',
      allowed: 'one ASCII character',
    },
    {
      problem: 'an unknown log level',
      variable: 'CHUNKLINE_LOG_LEVEL',
      value: 'verbose',
      allowed: 'debug | info | warn | error',
    },
    {
      problem: 'a log level in capitals',
      variable: 'CHUNKLINE_LOG_LEVEL',
      value: 'INFO',
      allowed: 'debug | info | warn | error',
    },
    {
      problem: 'an unknown bad-record policy',
      variable: 'CHUNKLINE_ON_BAD_RECORD',
      value: 'ignore',
      allowed: 'fail | skip',
    },
    {
      problem: 'a misspelt variable',
      variable: 'CHUNKLINE_CHUNK_SIZ',
      value: '8MiB',
      allowed: 'a known variable (see the README); is it misspelt?',
    },
  ])(
    'refuses $problem, naming $variable, its value and what is allowed',
    ({ variable, value, allowed }) => {
      // Act
      const error = configErrorsOf(() =>
        parseDispatcherConfig({ ...DISPATCHER_ENV, [variable]: value }, noFile),
      );

      // Assess
      const line = `${variable} is ${JSON.stringify(value)}; allowed: ${allowed}`;
      expect(error.errors.map((e) => e.message)).toEqual([line]);
      expect(error.errors[0]?.variable).toBe(variable);
      expect(error.message).toBe(`dispatcher cannot start; fix its environment:\n  - ${line}`);
    },
  );

  it('refuses gzip compression of Parquet output, whose pages are compressed already', () => {
    // Prepare
    const env = {
      ...DISPATCHER_ENV,
      CHUNKLINE_OUTPUT_FORMAT: 'parquet',
      CHUNKLINE_OUTPUT_COMPRESSION: 'gzip',
    };

    // Act
    const error = configErrorsOf(() => parseDispatcherConfig(env, noFile));

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([
      'CHUNKLINE_OUTPUT_COMPRESSION is "gzip"; allowed: none when CHUNKLINE_OUTPUT_FORMAT is parquet (Parquet pages are compressed already)',
    ]);
  });

  it.each([
    { variable: 'CHUNKLINE_STAGING_BUCKET', allowed: 'a bucket name' },
    { variable: 'CHUNKLINE_INGEST_QUEUE_URL', allowed: 'an SQS queue URL' },
    { variable: 'CHUNKLINE_CHUNK_QUEUE_URL', allowed: 'an SQS queue URL' },
    { variable: 'CHUNKLINE_OUTPUT_BUCKET', allowed: 'a bucket name' },
  ])('refuses to start without $variable', ({ variable, allowed }) => {
    // Prepare: an empty value counts as unset.
    const env = { ...DISPATCHER_ENV, [variable]: '' };

    // Act
    const error = configErrorsOf(() => parseDispatcherConfig(env, noFile));

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([
      `${variable} is not set; allowed: ${allowed}`,
    ]);
  });

  it('reports every problem at once, each as a ConfigError naming its variable', () => {
    // Prepare
    const env = {
      CHUNKLINE_INGEST_QUEUE_URL: DISPATCHER_ENV['CHUNKLINE_INGEST_QUEUE_URL'],
      CHUNKLINE_CHUNK_QUEUE_URL: DISPATCHER_ENV['CHUNKLINE_CHUNK_QUEUE_URL'],
      CHUNKLINE_OUTPUT_BUCKET: 'processed-data',
      CHUNKLINE_CHUNK_SIZE: '12 parsecs',
      CHUNKLINE_LOG_LEVEL: 'loud',
      CHUNKLINE_ON_BAD_RECORDS: 'skip',
    };

    // Act
    const error = configErrorsOf(() => parseDispatcherConfig(env, noFile));

    // Assess
    expect(error).toBeInstanceOf(ConfigErrors);
    expect(error).toMatchObject({ name: 'ConfigErrors', code: 'InvalidConfig' });
    expect(error.errors.every((e) => e instanceof ConfigError)).toBe(true);
    expect(error.errors.map((e) => e.variable)).toEqual([
      'CHUNKLINE_STAGING_BUCKET',
      'CHUNKLINE_LOG_LEVEL',
      'CHUNKLINE_CHUNK_SIZE',
      'CHUNKLINE_ON_BAD_RECORDS',
    ]);
    expect(error.message).toBe(
      [
        'dispatcher cannot start; fix its environment:',
        '  - CHUNKLINE_STAGING_BUCKET is not set; allowed: a bucket name',
        '  - CHUNKLINE_LOG_LEVEL is "loud"; allowed: debug | info | warn | error',
        '  - CHUNKLINE_CHUNK_SIZE is "12 parsecs"; allowed: 64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
        '  - CHUNKLINE_ON_BAD_RECORDS is "skip"; allowed: a known variable (see the README); is it misspelt?',
      ].join('\n'),
    );
  });

  it('ignores variables outside the CHUNKLINE_ namespace', () => {
    // Prepare
    const env = { ...DISPATCHER_ENV, PATH: '/usr/bin', CHUNKLINEX: 'x', HOME: '/root' };

    // Act
    const config = parseDispatcherConfig(env, noFile);

    // Assess
    expect(config.staging.bucket).toBe('chunkline-staging');
  });

  it('refuses a one-character delimiter outside ASCII, which the CSV reader cannot split on', () => {
    // Act
    const act = () =>
      parseDispatcherConfig({ ...DISPATCHER_ENV, CHUNKLINE_CSV_DELIMITER: '§' }, noFile);

    // Assess
    expect(act).toThrow('CHUNKLINE_CSV_DELIMITER is "§"; allowed: one ASCII character');
  });

  describe('the tokenization key', () => {
    it('is refused when shorter than 16 characters, and its value is never shown', () => {
      // Prepare
      const secret = 'fifteen-chars!!';

      // Act
      const error = configErrorsOf(() =>
        parseDispatcherConfig({ ...DISPATCHER_ENV, CHUNKLINE_TOKENIZE_KEY: secret }, noFile),
      );

      // Assess
      expect(error.errors.map((e) => e.message)).toEqual([
        'CHUNKLINE_TOKENIZE_KEY is "(hidden)"; allowed: at least 16 characters',
      ]);
      expect(error.message).not.toContain(secret);
    });

    it('is accepted at exactly 16 characters', () => {
      // Act
      const config = parseDispatcherConfig(
        { ...DISPATCHER_ENV, CHUNKLINE_TOKENIZE_KEY: '0123456789abcdef' },
        noFile,
      );

      // Assess
      expect(config.tokenizeKey).toBe('0123456789abcdef');
    });

    it('is required when the mapping uses tokenize', () => {
      // Act
      const error = configErrorsOf(() =>
        parseDispatcherConfig({ ...DISPATCHER_ENV, CHUNKLINE_MAPPING: TOKENIZING_MAPPING }, noFile),
      );

      // Assess
      expect(error.errors.map((e) => e.message)).toEqual([
        'CHUNKLINE_TOKENIZE_KEY is not set; allowed: at least 16 characters (the mapping uses tokenize; or set CHUNKLINE_TOKENIZE_KEY_SECRET_ID or CHUNKLINE_TOKENIZE_KEY_PARAMETER)',
      ]);
    });

    it('is not shown even under a misspelt name', () => {
      // Prepare
      const secret = 'super-secret-tokenize-key';

      // Act
      const error = configErrorsOf(() =>
        parseDispatcherConfig({ ...DISPATCHER_ENV, CHUNKLINE_TOKENIZE_KY: secret }, noFile),
      );

      // Assess
      expect(error.errors.map((e) => e.message)).toEqual([
        'CHUNKLINE_TOKENIZE_KY is "(hidden)"; allowed: a known variable (see the README); is it misspelt?',
      ]);
      expect(error.message).not.toContain(secret);
    });
  });

  describe('the mapping', () => {
    it('is read from CHUNKLINE_MAPPING_FILE through the injected reader', () => {
      // Prepare
      const readFile = filesOf({ '/etc/chunkline/mapping.json': TOKENIZING_MAPPING });
      const env = {
        ...DISPATCHER_ENV,
        CHUNKLINE_MAPPING_FILE: '/etc/chunkline/mapping.json',
        CHUNKLINE_TOKENIZE_KEY: GOOD_KEY,
      };

      // Act
      const config = parseDispatcherConfig(env, readFile);

      // Assess
      expect(config.mapping).toEqual({ version: 1, fields: { email: { op: 'tokenize' } } });
    });

    it.each([
      {
        problem: 'JSON that does not parse',
        env: { CHUNKLINE_MAPPING: '{nope' },
        line: `CHUNKLINE_MAPPING is "{nope"; allowed: a valid mapping (Expected property name or '}' in JSON at position 1 (line 1 column 2))`,
      },
      {
        problem: 'a mapping of an unknown version',
        env: { CHUNKLINE_MAPPING: '{"version":2}' },
        line: 'CHUNKLINE_MAPPING is "{\\"version\\":2}"; allowed: a valid mapping (mapping is invalid (1 problem): mapping.version: expected 1, got 2)',
      },
      {
        problem: 'both an inline mapping and a mapping file',
        env: { CHUNKLINE_MAPPING: '{"version":1}', CHUNKLINE_MAPPING_FILE: '/ok.json' },
        line: 'CHUNKLINE_MAPPING_FILE is "/ok.json"; allowed: unset when CHUNKLINE_MAPPING is set (use one of them)',
      },
      {
        problem: 'a mapping file that cannot be read',
        env: { CHUNKLINE_MAPPING_FILE: '/missing.json' },
        line: `CHUNKLINE_MAPPING_FILE is "/missing.json"; allowed: a readable JSON file (ENOENT: no such file or directory, open '/missing.json')`,
      },
      {
        problem: 'a mapping file that is not JSON',
        env: { CHUNKLINE_MAPPING_FILE: '/m.json' },
        line: `CHUNKLINE_MAPPING_FILE is "/m.json"; allowed: a valid mapping (Unexpected token 'v', "version: 1" is not valid JSON)`,
      },
    ])('refuses $problem', ({ env, line }) => {
      // Prepare
      const readFile = filesOf({ '/m.json': 'version: 1', '/ok.json': '{"version":1}' });

      // Act
      const error = configErrorsOf(() =>
        parseDispatcherConfig({ ...DISPATCHER_ENV, ...env }, readFile),
      );

      // Assess
      expect(error.errors.map((e) => e.message)).toEqual([line]);
    });

    it('keeps the read failure as the cause of an unreadable file', () => {
      // Act
      const error = configErrorsOf(() =>
        parseDispatcherConfig(
          { ...DISPATCHER_ENV, CHUNKLINE_MAPPING_FILE: '/missing.json' },
          filesOf({}),
        ),
      );

      // Assess
      expect((error.errors[0]?.cause as Error).message).toBe(
        "ENOENT: no such file or directory, open '/missing.json'",
      );
    });
  });

  it('returns a config frozen all the way down', () => {
    // Act
    const config = parseDispatcherConfig(DISPATCHER_ENV, noFile);

    // Assess
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.aws)).toBe(true);
    expect(Object.isFrozen(config.staging)).toBe(true);
    expect(Object.isFrozen(config.output)).toBe(true);
    expect(Object.isFrozen(config.consumer)).toBe(true);
    expect(Object.isFrozen(config.mapping)).toBe(true);
    expect(() => {
      (config.consumer as { healthPort: number }).healthPort = 1;
    }).toThrow(TypeError);
  });
});
