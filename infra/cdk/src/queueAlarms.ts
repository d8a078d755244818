import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { QueueRole } from './constants.ts';
import type { WorkQueue } from './workQueue.ts';

/** Props of {@link QueueAlarms}. */
export interface QueueAlarmsProps {
  readonly namePrefix: string;
  readonly role: QueueRole;
  readonly queue: WorkQueue;
  /** The oldest message older than this (seconds) for 3 minutes raises the age alarm. */
  readonly oldestMessageAlarmSeconds: number;
  /** Where both alarms (and their recovery) are sent. */
  readonly topic: ITopic;
}

/**
 * Two alarms on one work queue, both notifying `topic`:
 * - `<prefix>-<role>-dlq-not-empty`: at least one message in the dead-letter queue (a chunk that
 *   keeps failing, a malformed message): look at it, fix the cause, `chunkline redrive`;
 * - `<prefix>-<role>-oldest-message-age`: the oldest message has waited longer than
 *   `oldestMessageAlarmSeconds` for 3 minutes running (services down, or at their maximum).
 */
export class QueueAlarms extends Construct {
  readonly deadLetters: Alarm;
  readonly oldestMessageAge: Alarm;

  constructor(scope: Construct, id: string, props: QueueAlarmsProps) {
    super(scope, id);
    const name = `${props.namePrefix}-${props.role}`;
    this.deadLetters = new Alarm(this, 'DeadLetters', {
      alarmName: `${name}-dlq-not-empty`,
      alarmDescription: `Messages in ${name}-dlq: inspect them, fix the cause, then chunkline redrive --queue ${props.role}.`,
      metric: props.queue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.oldestMessageAge = new Alarm(this, 'OldestMessageAge', {
      alarmName: `${name}-oldest-message-age`,
      alarmDescription: `The oldest message of ${name} is older than ${props.oldestMessageAlarmSeconds} s: are the ${props.role} consumers running, or at their maximum task count?`,
      metric: props.queue.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: props.oldestMessageAlarmSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetters, this.oldestMessageAge]) {
      alarm.addAlarmAction(new SnsAction(props.topic));
      alarm.addOkAction(new SnsAction(props.topic));
    }
  }
}
