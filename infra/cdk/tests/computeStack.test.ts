import { VARIABLES } from '@chunkline/config';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { healthCheckCommand } from '../src/chunklineService.ts';
import { SERVICE_NAMES } from '../src/constants.ts';
import type { ServiceName } from '../src/constants.ts';
import { pascalCase } from '../src/naming.ts';
import { actionsOf, allStatements, synthesize } from './helpers/synth.ts';
import type { TemplateStatement } from './helpers/synth.ts';

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0b4c6a3e-1f2d-4c5b-9a8e-7d6c5b4a3f21';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:chunkline-key-AbCdEf';

/** The statements of one service's task role policy, by Sid. */
function taskStatements(template: Template, service: ServiceName): Map<string, TemplateStatement> {
  const policies = template.findResources('AWS::IAM::Policy');
  const id = Object.keys(policies).find((key) =>
    key.startsWith(`${pascalCase(service)}TaskPolicy`),
  );
  if (id === undefined) throw new Error(`no task policy for ${service}`);
  const document = (
    policies[id] as { Properties: { PolicyDocument: { Statement: TemplateStatement[] } } }
  ).Properties.PolicyDocument;
  return new Map(document.Statement.map((s) => [s.Sid ?? '', s]));
}

/** `service`'s statements as `Sid: actions` with the resource suffix each applies to. */
function grants(template: Template, service: ServiceName): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [sid, statement] of taskStatements(template, service)) {
    const resource = JSON.stringify(statement.Resource);
    const suffix = /"(\/[^"]*)"\]\]\}$/.exec(resource)?.[1] ?? '';
    const target =
      /FnGetAtt(Source|Staging|Output|Ingest|Chunk|Merge)/.exec(resource)?.[1] ?? resource;
    out[sid] = `${actionsOf(statement).join(',')} on ${target}${suffix}`;
  }
  return out;
}

/** The container definition of one service. */
function container(template: Template, service: ServiceName): Record<string, unknown> {
  const definitions = template.findResources('AWS::ECS::TaskDefinition', {
    Properties: { Family: `chunkline-${service}` },
  });
  const [definition] = Object.values(definitions) as {
    Properties: { ContainerDefinitions: Record<string, unknown>[] };
  }[];
  const first = definition?.Properties.ContainerDefinitions[0];
  if (first === undefined) throw new Error(`no container for ${service}`);
  return first;
}

function environmentOf(template: Template, service: ServiceName): Record<string, unknown> {
  const entries = container(template, service)['Environment'] as { Name: string; Value: unknown }[];
  return Object.fromEntries(entries.map((e) => [e.Name, e.Value]));
}

describe('Class: ChunklineComputeStack', () => {
  const { compute, storage } = synthesize();

  it('runs one Fargate service per Chunkline service in one cluster', () => {
    compute.resourceCountIs('AWS::ECS::Cluster', 1);
    compute.resourceCountIs('AWS::ECS::Service', 3);
    for (const service of SERVICE_NAMES) {
      compute.hasResourceProperties('AWS::ECS::Service', {
        ServiceName: `chunkline-${service}`,
        LaunchType: 'FARGATE',
        DeploymentConfiguration: Match.objectLike({
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        }),
      });
    }
  });

  it.each(SERVICE_NAMES)(
    'runs the %s image from its ECR repository at the image tag',
    (service) => {
      const image = JSON.stringify(container(compute, service)['Image']);
      expect(image).toContain(`/chunkline-${service}:latest`);
    },
  );

  it('runs images from another registry when imageRegistry is set, with the given tag', () => {
    const other = synthesize({ imageRegistry: 'ghcr.io/acme/chunkline', imageTag: 'v1.2.3' });
    expect(container(other.compute, 'processor')['Image']).toBe(
      'ghcr.io/acme/chunkline/processor:v1.2.3',
    );
  });

  it.each(SERVICE_NAMES)(
    'checks the %s container’s health on /healthz at its health port and stops it after the drain time',
    (service) => {
      const definition = container(compute, service);
      expect(definition['HealthCheck']).toMatchObject({ Command: healthCheckCommand(8080) });
      expect(definition['StopTimeout']).toBe(30);
      expect(environmentOf(compute, service)['CHUNKLINE_HEALTH_PORT']).toBe('8080');
    },
  );

  it.each(SERVICE_NAMES)(
    'gives the %s only variables it reads, under the names of libs/config',
    (service) => {
      const readers = new Map<string, readonly string[]>(
        VARIABLES.map((v) => [v.name, v.services]),
      );
      for (const name of Object.keys(environmentOf(compute, service)))
        expect(readers.get(name), name).toContain(service);
    },
  );

  it('matches the services’ visibility timeout, heartbeat and max receives to the queues', () => {
    for (const service of ['processor', 'merger'] as const) {
      expect(environmentOf(compute, service)).toMatchObject({
        CHUNKLINE_VISIBILITY_TIMEOUT: '60',
        CHUNKLINE_HEARTBEAT_INTERVAL: '20',
        CHUNKLINE_MAX_RECEIVES: '5',
        CHUNKLINE_DRAIN_SECONDS: '25',
      });
    }
    storage.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'chunkline-chunk',
      VisibilityTimeout: 60,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
  });

  it('passes CHUNKLINE_* context values such as the chunk size to the services that read them', () => {
    const tuned = synthesize({ CHUNKLINE_CHUNK_SIZE: '128MiB', CHUNKLINE_CONCURRENCY: '4' });
    expect(environmentOf(tuned.compute, 'dispatcher')['CHUNKLINE_CHUNK_SIZE']).toBe('128MiB');
    expect(environmentOf(tuned.compute, 'processor')['CHUNKLINE_CHUNK_SIZE']).toBeUndefined();
    expect(environmentOf(tuned.compute, 'processor')['CHUNKLINE_CONCURRENCY']).toBe('4');
  });

  it('scales processors on the chunk backlog between processorMinTasks and processorMaxTasks', () => {
    const scaled = synthesize({ processorMinTasks: '2', processorMaxTasks: '40' });
    scaled.compute.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 40,
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^service/')])],
      }),
    });
    const alarms = scaled.compute.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmDescription: Match.stringLikeRegexp('Upper threshold') },
    });
    const onChunkQueue = Object.values(alarms).filter((a) =>
      JSON.stringify(a).includes('ChunkQueue'),
    );
    expect(onChunkQueue).toHaveLength(1);
    expect(JSON.stringify(onChunkQueue[0])).toContain('visible + inFlight');
    scaled.compute.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: Match.objectLike({
        AdjustmentType: 'ChangeInCapacity',
        StepAdjustments: Match.arrayWith([Match.objectLike({ ScalingAdjustment: 40 })]),
      }),
    });
    scaled.compute.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      StepScalingPolicyConfiguration: Match.objectLike({
        StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -40 }],
      }),
    });
  });

  it.each(['ingest', 'chunk', 'merge'])(
    'alarms on the %s dead-letter queue’s depth and on the age of the queue’s oldest message',
    (role) => {
      compute.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `chunkline-${role}-dlq-not-empty`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
      });
      compute.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `chunkline-${role}-oldest-message-age`,
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: 900,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
      });
    },
  );

  it('gives each service its own task role, assumed only by ECS tasks', () => {
    const roles = compute.findResources('AWS::IAM::Role');
    const taskRoles = Object.keys(roles).filter((id) => /TaskRole/.test(id));
    expect(taskRoles).toHaveLength(3);
    for (const id of taskRoles) {
      expect(roles[id]).toMatchObject({
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [{ Principal: { Service: 'ecs-tasks.amazonaws.com' } }],
          },
        },
      });
      expect(roles[id]?.['Properties']?.['ManagedPolicyArns']).toBeUndefined();
    }
  });

  it.each<[ServiceName, Record<string, string>]>([
    [
      'dispatcher',
      {
        ReadSourceObjects: 's3:GetObject on Source/*',
        ListSourceBucket: 's3:ListBucket on Source',
        ReadWriteStaging: 's3:GetObject,s3:PutObject on Staging/chunkline/*',
        ListStagingBucket: 's3:ListBucket on Staging',
        ConsumeIngestQueue:
          'sqs:ReceiveMessage,sqs:DeleteMessage,sqs:ChangeMessageVisibility on Ingest',
        SendChunkMessages: 'sqs:SendMessage on Chunk',
      },
    ],
    [
      'processor',
      {
        ReadSourceObjects: 's3:GetObject on Source/*',
        ReadWriteStaging:
          's3:GetObject,s3:PutObject,s3:AbortMultipartUpload on Staging/chunkline/*',
        ListStagingBucket: 's3:ListBucket on Staging',
        ConsumeChunkQueue:
          'sqs:ReceiveMessage,sqs:DeleteMessage,sqs:ChangeMessageVisibility on Chunk',
        SendMergeMessages: 'sqs:SendMessage on Merge',
      },
    ],
    [
      'merger',
      {
        ReadSourceObjects: 's3:GetObject on Source/*',
        ReadWriteCleanStaging:
          's3:GetObject,s3:PutObject,s3:DeleteObject,s3:AbortMultipartUpload on Staging/chunkline/*',
        ListStagingBucket: 's3:ListBucket,s3:ListBucketMultipartUploads on Staging',
        WriteOutputObjects: 's3:PutObject,s3:AbortMultipartUpload on Output/output/*',
        ListOutputUploads: 's3:ListBucketMultipartUploads on Output',
        ConsumeMergeQueue:
          'sqs:ReceiveMessage,sqs:DeleteMessage,sqs:ChangeMessageVisibility on Merge',
      },
    ],
  ])('allows the %s exactly these actions', (service, expected) => {
    expect(grants(compute, service)).toEqual(expected);
  });

  it('lets only the merger write under the output prefix, and nobody write to the source bucket', () => {
    for (const service of SERVICE_NAMES) {
      for (const statement of taskStatements(compute, service).values()) {
        const resource = JSON.stringify(statement.Resource);
        const writes = actionsOf(statement).some((a) => /^s3:(Put|Delete|Abort)/.test(a));
        if (resource.includes('OutputBucket')) expect(service).toBe('merger');
        if (writes) expect(resource).not.toContain('SourceBucket');
        if (writes && service === 'processor') expect(resource).toMatch(/Staging.*\/chunkline\/\*/);
      }
    }
  });

  it('scopes source reads to sourcePrefix, and lets every role use a customer managed key', () => {
    const { compute: kms } = synthesize({
      sourcePrefix: 'in/',
      encryption: 'sse-kms',
      kmsKeyArn: KMS_KEY,
    });
    for (const service of SERVICE_NAMES) {
      const statements = taskStatements(kms, service);
      expect(JSON.stringify(statements.get('ReadSourceObjects')?.Resource)).toContain('"/in/*"');
      expect(statements.get('UseBucketKey')).toMatchObject({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: KMS_KEY,
      });
    }
  });

  it('reads CHUNKLINE_TOKENIZE_KEY from Secrets Manager, never from the template', () => {
    const { compute: secret } = synthesize({ tokenizeKeySecretArn: SECRET });
    for (const service of SERVICE_NAMES) {
      expect(container(secret, service)['Secrets']).toEqual([
        { Name: 'CHUNKLINE_TOKENIZE_KEY', ValueFrom: SECRET },
      ]);
      expect(environmentOf(secret, service)['CHUNKLINE_TOKENIZE_KEY']).toBeUndefined();
    }
  });

  it('grants no wildcard action (no *, s3:*, sqs:* or Get*) in any policy statement of either stack', () => {
    const variants = [
      synthesize(),
      synthesize({ encryption: 'sse-kms', kmsKeyArn: KMS_KEY, tokenizeKeySecretArn: SECRET }),
    ];
    let checked = 0;
    for (const variant of variants) {
      for (const template of [variant.storage, variant.compute]) {
        for (const { where, statement } of allStatements(template)) {
          for (const action of actionsOf(statement)) {
            expect(action, where).not.toContain('*');
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
