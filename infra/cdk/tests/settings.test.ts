import { describe, expect, it } from 'vitest';
import { buildChunklineApp } from '../src/chunklineApp.ts';
import { InfraConfigError } from '../src/errors.ts';
import { readSettings } from '../src/settings.ts';

function errorOf(work: () => unknown): InfraConfigError {
  try {
    work();
  } catch (error) {
    if (error instanceof InfraConfigError) return error;
    throw error;
  }
  throw new Error('expected an InfraConfigError');
}

describe('Function: readSettings', () => {
  it('applies the documented defaults when the context is empty', () => {
    const settings = readSettings({});
    expect(settings).toMatchObject({
      namePrefix: 'chunkline',
      sourcePrefix: '',
      sourceSuffixes: [],
      encryption: { kind: 'sse-s3' },
      stagingPrefix: 'chunkline/',
      outputPrefix: 'output/',
      stagingExpirationDays: 30,
      abortIncompleteUploadDays: 1,
      visibilityTimeoutSeconds: 60,
      heartbeatIntervalSeconds: 20,
      maxReceiveCount: 5,
      drainSeconds: 25,
      images: { registry: undefined, ecrRepositoryPrefix: 'chunkline-', tag: 'latest' },
      chunkBacklogPerTask: 4,
      oldestMessageAlarmSeconds: 900,
      serviceVariables: {},
    });
    expect(settings.services.processor).toEqual({
      cpu: 1024,
      memoryMiB: 2048,
      minTasks: 1,
      maxTasks: 10,
    });
  });

  it('reads strings from -c and numbers or lists from cdk.json alike', () => {
    const fromCli = readSettings({ processorMaxTasks: '20', sourceSuffixes: '.csv,.jsonl' });
    const fromJson = readSettings({ processorMaxTasks: 20, sourceSuffixes: ['.csv', '.jsonl'] });
    expect(fromCli.services.processor.maxTasks).toBe(20);
    expect(fromCli).toEqual(fromJson);
  });

  it('derives a heartbeat a third of a short visibility timeout', () => {
    expect(readSettings({ CHUNKLINE_VISIBILITY_TIMEOUT: '30' }).heartbeatIntervalSeconds).toBe(10);
  });

  it('passes other CHUNKLINE_* values through as service variables', () => {
    expect(
      readSettings({ CHUNKLINE_CHUNK_SIZE: '128MiB', CHUNKLINE_ON_BAD_RECORD: 'skip' })
        .serviceVariables,
    ).toEqual({ CHUNKLINE_CHUNK_SIZE: '128MiB', CHUNKLINE_ON_BAD_RECORD: 'skip' });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'a name prefix with capitals',
      { namePrefix: 'Chunk' },
      'InvalidSetting',
      /namePrefix is "Chunk"/,
    ],
    ['an unknown encryption', { encryption: 'aes' }, 'InvalidSetting', /sse-s3 \| sse-kms/],
    [
      'a KMS key without sse-kms',
      { kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' },
      'InvalidSetting',
      /unset unless encryption=sse-kms/,
    ],
    ['a fractional task count', { processorMaxTasks: '2.5' }, 'InvalidSetting', /integer from 1/],
    [
      'a maximum below the minimum',
      { processorMinTasks: '5', processorMaxTasks: '2' },
      'InvalidSetting',
      /at least processorMinTasks \(5\)/,
    ],
    ['a CPU Fargate does not offer', { processorCpu: '300' }, 'InvalidSetting', /256 \| 512/],
    [
      'a heartbeat not below the visibility timeout',
      { CHUNKLINE_VISIBILITY_TIMEOUT: '30', CHUNKLINE_HEARTBEAT_INTERVAL: '30' },
      'InvalidSetting',
      /CHUNKLINE_HEARTBEAT_INTERVAL is "30"; allowed: an integer from 1 to 29/,
    ],
    ['a typo in a setting', { procesorMaxTasks: '4' }, 'UnknownSetting', /procesorMaxTasks/],
    [
      'an unknown variable',
      { CHUNKLINE_CHUNKSIZE: '1MiB' },
      'UnknownSetting',
      /CHUNKLINE_CHUNKSIZE/,
    ],
    [
      'a secret in plain text',
      { CHUNKLINE_TOKENIZE_KEY: 'a-very-secret-key-value' },
      'InvalidSetting',
      /tokenizeKeySecretArn/,
    ],
    [
      'a bucket the stack creates',
      { CHUNKLINE_OUTPUT_BUCKET: 'b' },
      'InvalidSetting',
      /storage stack/,
    ],
  ])('refuses %s, naming the key', (_case, context, code, message) => {
    const error = errorOf(() => readSettings(context));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('Function: buildChunklineApp', () => {
  it('refuses at synthesis a value the service itself would refuse at start, with its message', () => {
    const error = errorOf(() =>
      buildChunklineApp({ app: { context: { CHUNKLINE_CHUNK_SIZE: '1KiB' } } }),
    );
    expect(error.code).toBe('InvalidServiceConfig');
    expect(error.setting).toBe('CHUNKLINE_CHUNK_SIZE');
    expect(error.message).toMatch(/dispatcher cannot start.*\n.*CHUNKLINE_CHUNK_SIZE is "1KiB"/);
  });

  it('refuses a tokenizing mapping without a key secret', () => {
    const mapping = JSON.stringify({ version: 1, fields: { email: { op: 'tokenize' } } });
    const error = errorOf(() =>
      buildChunklineApp({ app: { context: { CHUNKLINE_MAPPING: mapping } } }),
    );
    expect(error.setting).toBe('CHUNKLINE_TOKENIZE_KEY');
  });

  it('names the stacks after the prefix, and leaves out compute when storageOnly', () => {
    const built = buildChunklineApp({
      app: { context: { namePrefix: 'acme-etl' } },
      storageOnly: true,
    });
    expect(built.storage.stackName).toBe('AcmeEtlStorage');
    expect(built.compute).toBeUndefined();
  });
});
