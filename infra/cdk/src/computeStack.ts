import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import { GatewayVpcEndpointAwsService, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Cluster, ContainerInsights } from 'aws-cdk-lib/aws-ecs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ChunklineService } from './chunklineService.ts';
import { CONSUMED_QUEUE, QUEUE_ROLES, SERVICE_NAMES } from './constants.ts';
import type { ServiceName } from './constants.ts';
import { pascalCase } from './naming.ts';
import { QueueAlarms } from './queueAlarms.ts';
import { serviceEnvironment, validateServiceEnvironment } from './serviceEnvironment.ts';
import { servicePolicyStatements } from './servicePolicies.ts';
import type { ChunklineSettings } from './settings.ts';
import type { ChunklineStorage } from './storageStack.ts';

/** Props of {@link ChunklineComputeStack}. */
export interface ChunklineComputeStackProps extends StackProps {
  readonly settings: ChunklineSettings;
  /** The buckets and queues, usually a `ChunklineStorageStack`. */
  readonly storage: ChunklineStorage;
}

/**
 * What runs: a VPC (public subnets, no NAT gateway, an S3 gateway endpoint), an ECS cluster, one
 * Fargate service per Chunkline service (each with its own least-privilege task role and
 * queue-depth scaling), an SNS topic for alarms, and two alarms per work queue (dead letters,
 * oldest message age). Each container's environment is checked by the service's own
 * configuration parser during synthesis.
 */
export class ChunklineComputeStack extends Stack {
  readonly services: Readonly<Record<ServiceName, ChunklineService>>;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: ChunklineComputeStackProps) {
    super(scope, id, props);
    const { settings, storage } = props;

    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: SubnetType.PUBLIC }],
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
    });
    const cluster = new Cluster(this, 'Cluster', {
      clusterName: settings.namePrefix,
      vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });

    const queueArns = {
      ingest: storage.queues.ingest.queue.queueArn,
      chunk: storage.queues.chunk.queue.queueArn,
      merge: storage.queues.merge.queue.queueArn,
    };
    const targets = {
      region: Aws.REGION,
      stagingBucket: storage.buckets.staging.bucketName,
      outputBucket: storage.buckets.output.bucketName,
      queueUrls: {
        ingest: storage.queues.ingest.queue.queueUrl,
        chunk: storage.queues.chunk.queue.queueUrl,
        merge: storage.queues.merge.queue.queueUrl,
      },
    };
    const policyTargets = {
      sourceBucketArn: storage.buckets.source.bucketArn,
      sourcePrefix: settings.sourcePrefix,
      stagingBucketArn: storage.buckets.staging.bucketArn,
      stagingPrefix: settings.stagingPrefix,
      outputBucketArn: storage.buckets.output.bucketArn,
      outputPrefix: settings.outputPrefix,
      queueArns,
      kmsKeyArn: storage.kmsKeyArn,
    };

    const entries = SERVICE_NAMES.map((service) => {
      const environment = serviceEnvironment(service, settings, targets);
      validateServiceEnvironment(service, environment, settings.tokenizeKeySecretArn !== undefined);
      const construct = new ChunklineService(this, pascalCase(service), {
        service,
        settings,
        cluster,
        vpc,
        environment,
        statements: servicePolicyStatements(service, policyTargets),
        queue: storage.queues[CONSUMED_QUEUE[service]].queue,
      });
      return [service, construct] as const;
    });
    this.services = Object.fromEntries(entries) as Record<ServiceName, ChunklineService>;

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: `${settings.namePrefix}-alarms`,
    });
    if (settings.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new EmailSubscription(settings.alarmEmail));
    }
    for (const role of QUEUE_ROLES) {
      new QueueAlarms(this, `${pascalCase(role)}Alarms`, {
        namePrefix: settings.namePrefix,
        role,
        queue: storage.queues[role],
        oldestMessageAlarmSeconds: settings.oldestMessageAlarmSeconds,
        topic: this.alarmTopic,
      });
    }
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}
