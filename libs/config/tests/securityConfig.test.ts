import { describe, expect, it } from 'vitest';
import {
  keyPrefixProblem,
  moduleWithin,
  parseDispatcherConfig,
  parseMergerConfig,
  parseProcessorConfig,
} from '../src/index.ts';
import type { Env } from '../src/index.ts';
import {
  DISPATCHER_ENV,
  GOOD_KEY,
  MERGER_ENV,
  PROCESSOR_ENV,
  configErrorsOf,
  noFile,
} from './helpers/envs.ts';

const services = [
  {
    service: 'dispatcher',
    parse: (env: Env) => parseDispatcherConfig(env, noFile),
    minimal: DISPATCHER_ENV,
  },
  { service: 'processor', parse: parseProcessorConfig, minimal: PROCESSOR_ENV },
  { service: 'merger', parse: parseMergerConfig, minimal: MERGER_ENV },
] as const;

const OLD_KEY = 'old-key-0123456789abcdef';

describe('Function: parseProcessorConfig (tokenization key sources)', () => {
  it.each(services)('the $service reads a Secrets Manager reference', ({ parse, minimal }) => {
    // Act
    const config = parse({ ...minimal, CHUNKLINE_TOKENIZE_KEY_SECRET_ID: 'chunkline/key' });

    // Assess
    expect(config.tokenizeKeyReference).toEqual({
      kind: 'secretsManager',
      secretId: 'chunkline/key',
    });
    expect(config.tokenizeKey).toBeUndefined();
  });

  it.each(services)('the $service reads an SSM parameter reference', ({ parse, minimal }) => {
    // Act
    const config = parse({ ...minimal, CHUNKLINE_TOKENIZE_KEY_PARAMETER: '/chunkline/key' });

    // Assess
    expect(config.tokenizeKeyReference).toEqual({ kind: 'ssmParameter', name: '/chunkline/key' });
  });

  it.each([
    {
      env: { CHUNKLINE_TOKENIZE_KEY: GOOD_KEY, CHUNKLINE_TOKENIZE_KEY_SECRET_ID: 's' },
      message:
        'CHUNKLINE_TOKENIZE_KEY_SECRET_ID is "s"; allowed: unset when CHUNKLINE_TOKENIZE_KEY is set (one key source only)',
    },
    {
      env: { CHUNKLINE_TOKENIZE_KEY: GOOD_KEY, CHUNKLINE_TOKENIZE_KEY_PARAMETER: '/p' },
      message:
        'CHUNKLINE_TOKENIZE_KEY_PARAMETER is "/p"; allowed: unset when CHUNKLINE_TOKENIZE_KEY is set (one key source only)',
    },
    {
      env: { CHUNKLINE_TOKENIZE_KEY_SECRET_ID: 's', CHUNKLINE_TOKENIZE_KEY_PARAMETER: '/p' },
      message:
        'CHUNKLINE_TOKENIZE_KEY_PARAMETER is "/p"; allowed: unset when CHUNKLINE_TOKENIZE_KEY_SECRET_ID is set (one key source only)',
    },
  ])('allows one key source only: $message', ({ env, message }) => {
    // Act
    const error = configErrorsOf(() => parseProcessorConfig({ ...PROCESSOR_ENV, ...env }));

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([message]);
    expect(error.message).not.toContain(GOOD_KEY);
  });

  it('accepts a reference as the key of a mapping that tokenizes', () => {
    // Act
    const config = parseDispatcherConfig(
      {
        ...DISPATCHER_ENV,
        CHUNKLINE_MAPPING: JSON.stringify({ version: 1, fields: { email: { op: 'tokenize' } } }),
        CHUNKLINE_TOKENIZE_KEY_PARAMETER: '/chunkline/key',
      },
      noFile,
    );

    // Assess
    expect(config.tokenizeKeyReference?.kind).toBe('ssmParameter');
  });

  it('reads previous keys for jobs planned before a rotation', () => {
    // Act
    const config = parseProcessorConfig({
      ...PROCESSOR_ENV,
      CHUNKLINE_TOKENIZE_KEY: GOOD_KEY,
      CHUNKLINE_TOKENIZE_PREVIOUS_KEYS: JSON.stringify([OLD_KEY]),
    });

    // Assess
    expect(config.previousTokenizeKeys).toEqual([OLD_KEY]);
  });

  it.each(['not json', '"one-key-0123456789"', '["short"]', '[1]'])(
    'refuses previous keys %s without showing them',
    (value) => {
      // Act
      const error = configErrorsOf(() =>
        parseMergerConfig({ ...MERGER_ENV, CHUNKLINE_TOKENIZE_PREVIOUS_KEYS: value }),
      );

      // Assess
      expect(error.errors.map((e) => e.message)).toEqual([
        'CHUNKLINE_TOKENIZE_PREVIOUS_KEYS is "(hidden)"; allowed: a JSON array of keys of at least 16 characters',
      ]);
    },
  );
});

describe('Function: parseDispatcherConfig (expected bucket owner)', () => {
  it.each(services)('the $service reads a 12-digit account id', ({ parse, minimal }) => {
    // Act
    const config = parse({ ...minimal, CHUNKLINE_EXPECTED_BUCKET_OWNER: '000000000000' });

    // Assess
    expect(config.aws.expectedBucketOwner).toBe('000000000000');
  });

  it.each(['12345', 'abcdefabcdef', '1234567890123'])('refuses %s', (value) => {
    // Act
    const error = configErrorsOf(() =>
      parseProcessorConfig({ ...PROCESSOR_ENV, CHUNKLINE_EXPECTED_BUCKET_OWNER: value }),
    );

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([
      `CHUNKLINE_EXPECTED_BUCKET_OWNER is "${value}"; allowed: a 12-digit AWS account id`,
    ]);
  });
});

describe('Function: keyPrefixProblem', () => {
  it.each([
    { prefix: 'chunkline/', problem: undefined },
    { prefix: 'a/b/', problem: undefined },
    { prefix: '/chunkline/', problem: 'it starts with /' },
    { prefix: '../other/', problem: 'it has a . or .. segment' },
    { prefix: 'a/../b/', problem: 'it has a . or .. segment' },
    { prefix: 'a//b/', problem: 'it has an empty segment (//)' },
    { prefix: 'a\nb/', problem: 'it contains control characters' },
  ])('$prefix: $problem', ({ prefix, problem }) => {
    // Assess
    expect(keyPrefixProblem(prefix)).toBe(problem);
  });

  it('makes the services refuse a staging prefix that escapes', () => {
    // Act
    const error = configErrorsOf(() =>
      parseProcessorConfig({ ...PROCESSOR_ENV, CHUNKLINE_STAGING_PREFIX: '../x/' }),
    );

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([
      'CHUNKLINE_STAGING_PREFIX is "../x/"; allowed: a key prefix ending in / (it has a . or .. segment)',
    ]);
  });
});

describe('Function: moduleWithin', () => {
  it.each([
    { path: 'transform.ts', within: '/app/modules/transform.ts' },
    { path: 'sub/t.ts', within: '/app/modules/sub/t.ts' },
    { path: '/app/modules/t.ts', within: '/app/modules/t.ts' },
    { path: '../t.ts', within: undefined },
    { path: '/etc/t.ts', within: undefined },
    { path: '/app/modules-evil/t.ts', within: undefined },
    { path: '.', within: undefined },
  ])('$path in /app/modules: $within', ({ path, within }) => {
    // Assess
    expect(moduleWithin('/app/modules', path)).toBe(within);
  });
});

describe('Function: parseDispatcherConfig (user module)', () => {
  const mappingWith = (module: string): string => JSON.stringify({ version: 1, module });

  it('refuses a mapping module when no module directory is configured', () => {
    // Act
    const error = configErrorsOf(() =>
      parseDispatcherConfig(
        { ...DISPATCHER_ENV, CHUNKLINE_MAPPING: mappingWith('/tmp/t.ts') },
        noFile,
      ),
    );

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([
      "CHUNKLINE_TRANSFORM_MODULE_DIR is not set; allowed: the directory holding the mapping's module /tmp/t.ts",
    ]);
  });

  it('refuses a mapping module outside the module directory', () => {
    // Act
    const error = configErrorsOf(() =>
      parseDispatcherConfig(
        {
          ...DISPATCHER_ENV,
          CHUNKLINE_MAPPING: mappingWith('/tmp/t.ts'),
          CHUNKLINE_TRANSFORM_MODULE_DIR: '/app/modules',
        },
        noFile,
      ),
    );

    // Assess
    expect(error.errors.map((e) => e.message)).toEqual([
      'CHUNKLINE_MAPPING is "module /tmp/t.ts"; allowed: a module inside CHUNKLINE_TRANSFORM_MODULE_DIR (/app/modules)',
    ]);
  });

  it('accepts a module inside the directory and refuses a relative directory', () => {
    // Act
    const config = parseDispatcherConfig(
      {
        ...DISPATCHER_ENV,
        CHUNKLINE_MAPPING: mappingWith('t.ts'),
        CHUNKLINE_TRANSFORM_MODULE_DIR: '/app/modules/',
      },
      noFile,
    );
    const error = configErrorsOf(() =>
      parseProcessorConfig({ ...PROCESSOR_ENV, CHUNKLINE_TRANSFORM_MODULE_DIR: 'modules' }),
    );

    // Assess
    expect(config.transformModuleDir).toBe('/app/modules');
    expect(error.errors.map((e) => e.message)).toEqual([
      'CHUNKLINE_TRANSFORM_MODULE_DIR is "modules"; allowed: an absolute directory path',
    ]);
  });
});
