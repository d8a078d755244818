import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DLQ_RETENTION_DAYS, DLQ_SUFFIX } from './constants.ts';

/** Props of {@link WorkQueue}. */
export interface WorkQueueProps {
  /** Queue name; the dead-letter queue is `<queueName>-dlq`, the name `chunkline redrive` looks for. */
  readonly queueName: string;
  /** The queue's default visibility timeout; the services set the same on every receive and extend it by heartbeats. */
  readonly visibilityTimeoutSeconds: number;
  /** RedrivePolicy `maxReceiveCount`, equal to the services' `CHUNKLINE_MAX_RECEIVES`. */
  readonly maxReceiveCount: number;
}

/**
 * A Chunkline work queue and its dead-letter queue: SSE-SQS encryption, a RedrivePolicy after
 * `maxReceiveCount` receives, 4 days' retention on the queue and 14 on the dead-letter queue.
 */
export class WorkQueue extends Construct {
  /** The work queue. */
  readonly queue: IQueue;
  /** Its dead-letter queue. */
  readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${props.queueName}${DLQ_SUFFIX}`,
      retentionPeriod: Duration.days(DLQ_RETENTION_DAYS),
      encryption: QueueEncryption.SQS_MANAGED,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      visibilityTimeout: Duration.seconds(props.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
