import { Duration } from 'aws-cdk-lib';
import { AdjustmentType } from 'aws-cdk-lib/aws-applicationautoscaling';
import { MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { Repository } from 'aws-cdk-lib/aws-ecr';
import {
  ContainerImage,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  Secret as EcsSecret,
} from 'aws-cdk-lib/aws-ecs';
import type { ICluster } from 'aws-cdk-lib/aws-ecs';
import { Policy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HEALTH_PORT, MAX_STOP_TIMEOUT_SECONDS } from './constants.ts';
import type { ServiceName } from './constants.ts';
import type { ChunklineSettings, ServiceSizing } from './settings.ts';

/** Props of {@link ChunklineService}. */
export interface ChunklineServiceProps {
  readonly service: ServiceName;
  readonly settings: ChunklineSettings;
  readonly cluster: ICluster;
  readonly vpc: IVpc;
  /** The container's environment (see `serviceEnvironment`). */
  readonly environment: Readonly<Record<string, string>>;
  /** The task role's only permissions. */
  readonly statements: readonly PolicyStatement[];
  /** The queue the service consumes; its backlog drives the task count. */
  readonly queue: IQueue;
}

/** The container health check: GET /healthz on the service's health port, from inside the container. */
export function healthCheckCommand(port: number = HEALTH_PORT): string[] {
  return [
    'CMD',
    'node',
    '-e',
    `fetch('http://127.0.0.1:${port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
  ];
}

/**
 * Step scaling on the consumed queue's backlog (visible plus in-flight messages), checked every
 * minute: out by 1 task from one message, by a quarter of the maximum from 10 tasks' worth
 * (`chunkBacklogPerTask` each), straight to the maximum from 100 tasks' worth; in to the floor
 * only once the queue is empty and nothing is in flight, so scaling in never interrupts work.
 */
export function backlogScalingSteps(sizing: ServiceSizing, backlogPerTask: number) {
  return [
    { upper: 0, change: -sizing.maxTasks },
    { lower: 1, change: 1 },
    { lower: 10 * backlogPerTask, change: Math.max(1, Math.ceil(sizing.maxTasks / 4)) },
    { lower: 100 * backlogPerTask, change: sizing.maxTasks },
  ];
}

/**
 * One Chunkline service on Fargate: its own task role (only `statements`), a task definition
 * running the service's image as built from `services/<name>/Dockerfile`, a health check on
 * `/healthz`, a stop timeout above `CHUNKLINE_DRAIN_SECONDS`, JSON logs to CloudWatch Logs
 * (30 days), and a task count between `<service>MinTasks` and `<service>MaxTasks` that follows
 * the backlog of the queue it consumes.
 */
export class ChunklineService extends Construct {
  readonly taskRole: Role;
  readonly service: FargateService;

  constructor(scope: Construct, id: string, props: ChunklineServiceProps) {
    super(scope, id);
    const { service, settings } = props;
    const sizing = settings.services[service];
    const name = `${settings.namePrefix}-${service}`;

    this.taskRole = new Role(this, 'TaskRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Chunkline ${service}: only what the ${service} reads, writes and consumes`,
    });
    this.taskRole.attachInlinePolicy(
      new Policy(this, 'TaskPolicy', { statements: [...props.statements] }),
    );

    const taskDefinition = new FargateTaskDefinition(this, 'TaskDefinition', {
      family: name,
      cpu: sizing.cpu,
      memoryLimitMiB: sizing.memoryMiB,
      taskRole: this.taskRole,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.X86_64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    const images = settings.images;
    const image =
      images.registry === undefined
        ? ContainerImage.fromEcrRepository(
            Repository.fromRepositoryName(
              this,
              'Repository',
              `${images.ecrRepositoryPrefix}${service}`,
            ),
            images.tag,
          )
        : ContainerImage.fromRegistry(`${images.registry}/${service}:${images.tag}`);
    const secretArn = settings.tokenizeKeySecretArn;
    const secrets =
      secretArn === undefined
        ? undefined
        : {
            CHUNKLINE_TOKENIZE_KEY: EcsSecret.fromSecretsManager(
              Secret.fromSecretCompleteArn(this, 'TokenizeKey', secretArn),
            ),
          };
    taskDefinition.addContainer(service, {
      image,
      environment: { ...props.environment },
      ...(secrets === undefined ? {} : { secrets }),
      portMappings: [{ containerPort: HEALTH_PORT }],
      healthCheck: {
        command: healthCheckCommand(),
        interval: Duration.seconds(15),
        timeout: Duration.seconds(3),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
      stopTimeout: Duration.seconds(Math.min(MAX_STOP_TIMEOUT_SECONDS, settings.drainSeconds + 5)),
      logging: LogDrivers.awsLogs({
        streamPrefix: service,
        logGroup: new LogGroup(this, 'Logs', {
          logGroupName: `/${settings.namePrefix}/${service}`,
          retention: RetentionDays.ONE_MONTH,
        }),
      }),
    });

    this.service = new FargateService(this, 'Service', {
      serviceName: name,
      cluster: props.cluster,
      taskDefinition,
      desiredCount: sizing.minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      assignPublicIp: true,
    });

    const backlog = new MathExpression({
      expression: 'visible + inFlight',
      usingMetrics: {
        visible: props.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
        inFlight: props.queue.metricApproximateNumberOfMessagesNotVisible({
          statistic: 'Maximum',
        }),
      },
      period: Duration.minutes(1),
      label: `${name} backlog`,
    });
    this.service
      .autoScaleTaskCount({ minCapacity: sizing.minTasks, maxCapacity: sizing.maxTasks })
      .scaleOnMetric('BacklogScaling', {
        metric: backlog,
        scalingSteps: backlogScalingSteps(
          sizing,
          service === 'processor' ? settings.chunkBacklogPerTask : 1,
        ),
        adjustmentType: AdjustmentType.CHANGE_IN_CAPACITY,
        cooldown: Duration.minutes(1),
      });
  }
}
