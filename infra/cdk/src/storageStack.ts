import { Aws, CfnOutput, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { QueuePolicy } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { chunklineBucket } from './chunklineBucket.ts';
import { QUEUE_ROLES } from './constants.ts';
import { pascalCase } from './naming.ts';
import type { QueueRole } from './constants.ts';
import type { ChunklineSettings } from './settings.ts';
import { WorkQueue } from './workQueue.ts';

/** The three buckets. */
export type BucketRole = 'source' | 'output' | 'staging';

/** What the compute stack needs from the storage stack. */
export interface ChunklineStorage {
  readonly buckets: Readonly<Record<BucketRole, IBucket>>;
  readonly queues: Readonly<Record<QueueRole, WorkQueue>>;
  /** The customer managed KMS key of the buckets, when `encryption=sse-kms` names one. */
  readonly kmsKeyArn: string | undefined;
}

/** Props of {@link ChunklineStorageStack}. */
export interface ChunklineStorageStackProps extends StackProps {
  readonly settings: ChunklineSettings;
}

/** The event the source bucket announces. */
const OBJECT_CREATED = 's3:ObjectCreated:*';

/**
 * Buckets, queues and the notification between them: everything Chunkline keeps state in, and
 * nothing that runs. It deploys on its own (no Lambda-backed custom resources: the notification is
 * the bucket's own `NotificationConfiguration`), so it also deploys through LocalStack's CloudFormation.
 *
 * - `source`, `output`, `staging` buckets named `<namePrefix>-<role>-<account>-<region>`;
 * - `ingest`, `chunk`, `merge` queues named `<namePrefix>-<role>`, each with a `-dlq`;
 * - a queue policy letting S3 send the source bucket's events (and only its) to the ingest queue;
 * - the source bucket's `s3:ObjectCreated:*` notification to the ingest queue, filtered by
 *   `sourcePrefix` and each of `sourceSuffixes`.
 *
 * Outputs: `<Role>BucketName`, `<Role>QueueUrl`, `<Role>QueueArn`, `<Role>DeadLetterQueueUrl`.
 */
export class ChunklineStorageStack extends Stack implements ChunklineStorage {
  readonly buckets: Readonly<Record<BucketRole, IBucket>>;
  readonly queues: Readonly<Record<QueueRole, WorkQueue>>;
  readonly kmsKeyArn: string | undefined;

  constructor(scope: Construct, id: string, props: ChunklineStorageStackProps) {
    super(scope, id, props);
    const s = props.settings;
    this.kmsKeyArn = s.encryption.kind === 'sse-kms' ? s.encryption.keyArn : undefined;

    // Names from the account and region rather than from the buckets, so the queue policy can
    // name the source bucket before the bucket (which waits for the policy) exists.
    const bucketName = (role: BucketRole): string =>
      Fn.join('-', [s.namePrefix, role, Aws.ACCOUNT_ID, Aws.REGION]);
    const common = {
      encryption: s.encryption,
      abortIncompleteUploadDays: s.abortIncompleteUploadDays,
    };
    const source = chunklineBucket(this, 'SourceBucket', {
      ...common,
      bucketName: bucketName('source'),
    });
    const output = chunklineBucket(this, 'OutputBucket', {
      ...common,
      bucketName: bucketName('output'),
    });
    const staging = chunklineBucket(this, 'StagingBucket', {
      ...common,
      bucketName: bucketName('staging'),
      extraLifecycleRules: [
        {
          id: 'expire-staging-objects',
          prefix: s.stagingPrefix,
          expiration: Duration.days(s.stagingExpirationDays),
        },
      ],
    });
    this.buckets = { source, output, staging };

    const queue = (role: QueueRole): WorkQueue =>
      new WorkQueue(this, pascalCase(role), {
        queueName: `${s.namePrefix}-${role}`,
        visibilityTimeoutSeconds: s.visibilityTimeoutSeconds,
        maxReceiveCount: s.maxReceiveCount,
      });
    this.queues = { ingest: queue('ingest'), chunk: queue('chunk'), merge: queue('merge') };

    const ingest = this.queues.ingest.queue;
    const policy = new QueuePolicy(this, 'IngestQueuePolicy', { queues: [ingest] });
    policy.document.addStatements(
      new PolicyStatement({
        sid: 'AllowSourceBucketNotifications',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [ingest.queueArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:s3:::${bucketName('source')}` },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );

    const cfnSource = source.node.defaultChild as CfnBucket;
    const filters = s.sourceSuffixes.length === 0 ? [undefined] : s.sourceSuffixes;
    cfnSource.notificationConfiguration = {
      queueConfigurations: filters.map((suffix) => {
        const rules = [
          ...(s.sourcePrefix === '' ? [] : [{ name: 'prefix', value: s.sourcePrefix }]),
          ...(suffix === undefined ? [] : [{ name: 'suffix', value: suffix }]),
        ];
        return {
          event: OBJECT_CREATED,
          queue: ingest.queueArn,
          ...(rules.length === 0 ? {} : { filter: { s3Key: { rules } } }),
        };
      }),
    };
    // S3 checks that it may send to the queue when the notification is set.
    source.node.addDependency(policy);

    for (const [role, bucket] of Object.entries(this.buckets)) {
      new CfnOutput(this, `${pascalCase(role)}BucketName`, { value: bucket.bucketName });
    }
    for (const role of QUEUE_ROLES) {
      const work = this.queues[role];
      new CfnOutput(this, `${pascalCase(role)}QueueUrl`, { value: work.queue.queueUrl });
      new CfnOutput(this, `${pascalCase(role)}QueueArn`, { value: work.queue.queueArn });
      new CfnOutput(this, `${pascalCase(role)}DeadLetterQueueUrl`, {
        value: work.deadLetterQueue.queueUrl,
      });
    }
  }
}
