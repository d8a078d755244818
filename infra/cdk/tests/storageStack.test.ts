import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesize } from './helpers/synth.ts';

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0b4c6a3e-1f2d-4c5b-9a8e-7d6c5b4a3f21';

describe('Class: ChunklineStorageStack', () => {
  const { storage } = synthesize({ sourcePrefix: 'in/', sourceSuffixes: '.csv,.jsonl' });

  it('creates exactly the source, output and staging buckets, three queues and their dead-letter queues, and one queue policy', () => {
    storage.resourceCountIs('AWS::S3::Bucket', 3);
    storage.resourceCountIs('AWS::SQS::Queue', 6);
    storage.resourceCountIs('AWS::SQS::QueuePolicy', 1);
    expect(Object.keys(storage.findResources('AWS::Lambda::Function'))).toEqual([]);
    expect(Object.keys(storage.findResources('Custom::S3BucketNotifications'))).toEqual([]);
  });

  it.each(['source', 'output', 'staging'])(
    'names the %s bucket after the prefix, account and region, blocks public access, disables ACLs and encrypts with SSE-S3 by default',
    (role) => {
      storage.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: {
          'Fn::Join': [
            '-',
            [`chunkline-${role}`, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }],
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            {
              Id: 'abort-incomplete-multipart-uploads',
              Status: 'Enabled',
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
          ]),
        },
      });
    },
  );

  it('expires staging objects under the staging prefix after stagingExpirationDays', () => {
    storage.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['-', Match.arrayWith(['chunkline-staging'])] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          {
            Id: 'expire-staging-objects',
            Status: 'Enabled',
            Prefix: 'chunkline/',
            ExpirationInDays: 30,
          },
        ]),
      },
    });
  });

  it('announces new source objects on the ingest queue, once per suffix filter, after the queue policy exists', () => {
    const ingestArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestQueue'), 'Arn'] };
    const filtered = (suffix: string) => ({
      Event: 's3:ObjectCreated:*',
      Queue: ingestArn,
      Filter: {
        S3Key: {
          Rules: [
            { Name: 'prefix', Value: 'in/' },
            { Name: 'suffix', Value: suffix },
          ],
        },
      },
    });
    storage.hasResource('AWS::S3::Bucket', {
      Properties: {
        NotificationConfiguration: { QueueConfigurations: [filtered('.csv'), filtered('.jsonl')] },
      },
      DependsOn: [Match.stringLikeRegexp('^IngestQueuePolicy')],
    });
  });

  it('lets only S3, on behalf of the source bucket of this account, send to the ingest queue', () => {
    storage.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^IngestQueue') }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IngestQueue'), 'Arn'] },
            Condition: {
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          },
        ],
      },
    });
  });

  it.each(['ingest', 'chunk', 'merge'])(
    'gives the %s queue a -dlq dead-letter queue (14 days) and a RedrivePolicy, SSE-SQS and the services’ visibility timeout',
    (role) => {
      storage.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `chunkline-${role}-dlq`,
        MessageRetentionPeriod: 1_209_600,
        SqsManagedSseEnabled: true,
      });
      storage.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `chunkline-${role}`,
        VisibilityTimeout: 60,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] },
          maxReceiveCount: 5,
        },
      });
    },
  );

  it('takes the visibility timeout and maxReceiveCount from CHUNKLINE_VISIBILITY_TIMEOUT and CHUNKLINE_MAX_RECEIVES', () => {
    const tuned = synthesize({ CHUNKLINE_VISIBILITY_TIMEOUT: '120', CHUNKLINE_MAX_RECEIVES: '3' });
    tuned.storage.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'chunkline-chunk',
      VisibilityTimeout: 120,
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('leaves the notification unfiltered when no prefix or suffix is set', () => {
    synthesize().storage.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: {
        QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: Match.anyValue() }],
      },
    });
  });

  it('encrypts with SSE-KMS and an S3 Bucket Key when encryption=sse-kms, with the given key', () => {
    const kms = synthesize({ encryption: 'sse-kms', kmsKeyArn: KMS_KEY });
    kms.storage.allResourcesProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });

  it('uses the AWS managed key aws/s3 when encryption=sse-kms names no key', () => {
    synthesize({ encryption: 'sse-kms' }).storage.allResourcesProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: Match.absent(),
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });

  it('outputs every bucket name, queue URL and ARN, and dead-letter queue URL', () => {
    const outputs = Object.keys(storage.toJSON()['Outputs'] as Record<string, unknown>).filter(
      (name) => !name.startsWith('ExportsOutput'),
    );
    expect(outputs.sort()).toEqual(
      [
        'SourceBucketName',
        'OutputBucketName',
        'StagingBucketName',
        ...['Ingest', 'Chunk', 'Merge'].flatMap((q) => [
          `${q}QueueUrl`,
          `${q}QueueArn`,
          `${q}DeadLetterQueueUrl`,
        ]),
      ].sort(),
    );
  });
});
