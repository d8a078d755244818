import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { Stack } from '@aws-sdk/client-cloudformation';
import {
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { serviceEnv, startLocalPipeline } from '@chunkline/local-run';
import type { LocalPipeline, LocalResources } from '@chunkline/local-run';
import {
  createLocalStackS3Client,
  createLocalStackSqsClient,
  LOCALSTACK_CREDENTIALS,
  LOCALSTACK_REGION,
  resolveLocalStack,
} from '@chunkline/localstack';
import type { LocalStackHandle } from '@chunkline/localstack';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { storageTemplateForLocalStack } from './helpers/synth.ts';

const DEPLOY_DEADLINE_MS = 30_000;
const JOB_DEADLINE_MS = 40_000;

/** The LocalStack of the e2e global setup when run under it, else one resolved here. */
async function localStackForTests(): Promise<LocalStackHandle> {
  const provided: unknown = (inject as (key: string) => unknown)('localstackEndpoint');
  if (typeof provided === 'string')
    return { endpoint: provided, source: 'environment', stop: async () => undefined };
  return resolveLocalStack({ log: (line) => console.log(line) });
}

/** Polls until the stack leaves its *_IN_PROGRESS state; fails with the resources' reasons otherwise. */
async function awaitStack(cf: CloudFormationClient, name: string): Promise<Stack> {
  const deadline = Date.now() + DEPLOY_DEADLINE_MS;
  for (;;) {
    const { Stacks } = await cf.send(new DescribeStacksCommand({ StackName: name }));
    const stack = Stacks?.[0];
    if (stack !== undefined && !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    if (Date.now() > deadline) throw new Error(`stack ${name} still in progress after 30 s`);
    await sleep(250);
  }
}

async function failureReasons(cf: CloudFormationClient, name: string): Promise<string> {
  const { StackEvents } = await cf.send(new DescribeStackEventsCommand({ StackName: name }));
  return (StackEvents ?? [])
    .filter((e) => e.ResourceStatusReason)
    .map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}: ${e.ResourceStatusReason}`)
    .join('\n');
}

/** Polls `bucket` under `prefix` until an object (other than a rejects object) appears. */
async function awaitOutputKey(s3: S3Client, bucket: string, prefix: string): Promise<string> {
  const deadline = Date.now() + JOB_DEADLINE_MS;
  for (;;) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const key = listed.Contents?.find((o) => !o.Key?.endsWith('.rejects.jsonl'))?.Key;
    if (key !== undefined) return key;
    if (Date.now() > deadline) throw new Error(`no output under s3://${bucket}/${prefix} in 40 s`);
    await sleep(250);
  }
}

async function queueAttributes(sqs: SQSClient, url: string): Promise<Record<string, string>> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
  );
  return out.Attributes ?? {};
}

describe('Deployment: the storage stack through LocalStack’s CloudFormation', () => {
  const namePrefix = `cdk-${randomUUID().slice(0, 8)}`;
  let localstack: LocalStackHandle;
  let cf: CloudFormationClient;
  let s3: S3Client;
  let sqs: SQSClient;
  let outputs: Record<string, string>;
  let pipeline: LocalPipeline | undefined;

  beforeAll(async () => {
    localstack = await localStackForTests();
    cf = new CloudFormationClient({
      endpoint: localstack.endpoint,
      region: LOCALSTACK_REGION,
      credentials: { ...LOCALSTACK_CREDENTIALS },
    });
    s3 = createLocalStackS3Client(localstack.endpoint);
    sqs = createLocalStackSqsClient(localstack.endpoint);
    const template = storageTemplateForLocalStack({
      namePrefix,
      sourcePrefix: 'incoming/',
      sourceSuffixes: '.csv',
      CHUNKLINE_MAX_RECEIVES: '3',
    });
    await cf.send(
      new CreateStackCommand({ StackName: namePrefix, TemplateBody: JSON.stringify(template) }),
    );
    const stack = await awaitStack(cf, namePrefix);
    if (stack.StackStatus !== 'CREATE_COMPLETE') {
      throw new Error(
        `stack ${namePrefix} ended ${stack.StackStatus}:\n${await failureReasons(cf, namePrefix)}`,
      );
    }
    outputs = Object.fromEntries(
      (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    );
  });

  afterAll(async () => {
    await pipeline?.stop();
    await cf?.send(new DeleteStackCommand({ StackName: namePrefix })).catch(() => undefined);
    cf?.destroy();
    s3?.destroy();
    sqs?.destroy();
    await localstack?.stop();
  });

  it('creates the buckets and queues under the names the stack outputs', () => {
    expect(outputs['SourceBucketName']).toBe(`${namePrefix}-source-000000000000-us-east-1`);
    expect(outputs['StagingBucketName']).toBe(`${namePrefix}-staging-000000000000-us-east-1`);
    expect(outputs['ChunkQueueUrl']).toMatch(new RegExp(`/${namePrefix}-chunk$`));
    expect(outputs['ChunkDeadLetterQueueUrl']).toMatch(new RegExp(`/${namePrefix}-chunk-dlq$`));
  });

  it('deploys each queue with its RedrivePolicy, visibility timeout and SSE-SQS, and the ingest queue policy', async () => {
    for (const role of ['Ingest', 'Chunk', 'Merge']) {
      const attributes = await queueAttributes(sqs, outputs[`${role}QueueUrl`] ?? '');
      expect(JSON.parse(attributes['RedrivePolicy'] ?? '{}')).toMatchObject({
        deadLetterTargetArn: `${outputs[`${role}QueueArn`]}-dlq`,
        maxReceiveCount: 3,
      });
      expect(attributes).toMatchObject({ VisibilityTimeout: '60', SqsManagedSseEnabled: 'true' });
    }
    const ingest = await queueAttributes(sqs, outputs['IngestQueueUrl'] ?? '');
    expect(JSON.parse(ingest['Policy'] ?? '{}')).toMatchObject({
      Statement: [{ Action: 'sqs:SendMessage', Principal: { Service: 's3.amazonaws.com' } }],
    });
  });

  it('deploys the source bucket’s notification with its prefix and suffix filter', async () => {
    const notification = await s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: outputs['SourceBucketName'] }),
    );
    expect(notification.QueueConfigurations).toEqual([
      expect.objectContaining({
        QueueArn: outputs['IngestQueueArn'],
        Events: ['s3:ObjectCreated:*'],
        Filter: {
          Key: {
            FilterRules: [
              { Name: 'Prefix', Value: 'incoming/' },
              { Name: 'Suffix', Value: '.csv' },
            ],
          },
        },
      }),
    ]);
  });

  it('runs a job end to end through the deployed resources: upload → notification → services → output', async () => {
    const resources: LocalResources = {
      endpoint: localstack.endpoint,
      buckets: {
        source: outputs['SourceBucketName'] ?? '',
        output: outputs['OutputBucketName'] ?? '',
        staging: outputs['StagingBucketName'] ?? '',
      },
      queues: {
        ingest: {
          url: outputs['IngestQueueUrl'] ?? '',
          dlq: { url: outputs['IngestDeadLetterQueueUrl'] ?? '' },
        },
        chunk: {
          url: outputs['ChunkQueueUrl'] ?? '',
          dlq: { url: outputs['ChunkDeadLetterQueueUrl'] ?? '' },
        },
        merge: {
          url: outputs['MergeQueueUrl'] ?? '',
          dlq: { url: outputs['MergeDeadLetterQueueUrl'] ?? '' },
        },
      },
    };
    pipeline = startLocalPipeline(
      serviceEnv(resources, {
        CHUNKLINE_MAX_RECEIVES: '3',
        CHUNKLINE_CHUNK_SIZE: '64KiB',
        CHUNKLINE_SINGLE_CHUNK_THRESHOLD: '0',
      }),
      join(import.meta.dirname, '../../../.localstack/logs', namePrefix),
      1,
    );
    const rows = Array.from({ length: 5_000 }, (_, i) => `${i},name-${i},${i * 3}`);
    const csv = `id,name,amount\n${rows.join('\n')}\n`;
    // Not announced: outside the notification's prefix, and without its suffix.
    await s3.send(
      new PutObjectCommand({ Bucket: resources.buckets.source, Key: 'other/x.csv', Body: csv }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: resources.buckets.source, Key: 'incoming/x.txt', Body: csv }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: resources.buckets.source,
        Key: 'incoming/orders.csv',
        Body: csv,
        ContentType: 'text/csv',
      }),
    );

    const key = await awaitOutputKey(s3, resources.buckets.output, 'output/');
    const body = await s3.send(
      new GetObjectCommand({ Bucket: resources.buckets.output, Key: key }),
    );
    expect(key).toMatch(/^output\/incoming\/orders/);
    expect(await body.Body?.transformToString()).toBe(csv);
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: resources.buckets.output, Prefix: 'output/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
  });
});
