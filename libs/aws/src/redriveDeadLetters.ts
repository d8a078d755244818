import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { StoreError, StoreErrorCode } from '@chunkline/contracts';
import { classifyError } from './classifyError.ts';

/** What a redrive did. */
export interface RedriveOutcome {
  readonly deadLetterQueueUrl: string;
  readonly moved: number;
  /** `move-task`: SQS StartMessageMoveTask; `copy`: receive, send, delete. */
  readonly method: 'move-task' | 'copy';
}

const MOVE_TASK_UNSUPPORTED = new Set([
  'UnsupportedOperation',
  'InvalidAction',
  'UnknownOperationException',
  'AWS.SimpleQueueService.UnsupportedOperation',
]);

/**
 * Move every message of a queue's dead-letter queue back to the queue. Uses SQS's own
 * message move task where the endpoint has it; otherwise copies in batches, deleting a
 * message from the DLQ only after it was sent, so none is ever lost (a crash in between
 * may send one twice, which consumers absorb).
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  pollMs = 250,
): Promise<RedriveOutcome> {
  const attributes = await call('GetQueueAttributes', queueUrl, () =>
    sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['QueueArn', 'RedrivePolicy'],
      }),
    ),
  );
  const queueArn = attributes.Attributes?.QueueArn ?? '';
  const policy = attributes.Attributes?.RedrivePolicy;
  if (!policy) {
    throw new StoreError(
      StoreErrorCode.rejected,
      `${queueUrl} has no RedrivePolicy, so it has no dead-letter queue to redrive`,
    );
  }
  const dlqArn = String(
    (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn ?? '',
  );
  const dlqName = dlqArn.split(':').at(-1) ?? '';
  const dlq = await call('GetQueueUrl', dlqName, () =>
    sqs.send(new GetQueueUrlCommand({ QueueName: dlqName })),
  );
  const deadLetterQueueUrl = dlq.QueueUrl ?? '';
  try {
    await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: queueArn }),
    );
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (!MOVE_TASK_UNSUPPORTED.has(name))
      throw classifyError(error, 'StartMessageMoveTask', dlqArn);
    return {
      deadLetterQueueUrl,
      moved: await copyBack(sqs, deadLetterQueueUrl, queueUrl),
      method: 'copy',
    };
  }
  for (;;) {
    const tasks = await call('ListMessageMoveTasks', dlqArn, () =>
      sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 })),
    );
    const task = tasks.Results?.[0];
    if (task?.Status === 'COMPLETED')
      return {
        deadLetterQueueUrl,
        moved: task.ApproximateNumberOfMessagesMoved ?? 0,
        method: 'move-task',
      };
    if (task?.Status === 'FAILED' || task?.Status === 'CANCELLED') {
      throw new StoreError(
        StoreErrorCode.rejected,
        `message move task from ${dlqArn} ended ${task.Status}: ${task.FailureReason ?? 'no reason given'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function copyBack(sqs: SQSClient, from: string, to: string): Promise<number> {
  let moved = 0;
  for (;;) {
    const received = await call('ReceiveMessage', from, () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: from,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 60,
        }),
      ),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return moved;
    const entries = messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' }));
    const sent = await call('SendMessageBatch', to, () =>
      sqs.send(new SendMessageBatchCommand({ QueueUrl: to, Entries: entries })),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    const done = messages.flatMap((m, i) =>
      ok.has(String(i)) ? [{ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' }] : [],
    );
    if (done.length > 0)
      await call('DeleteMessageBatch', from, () =>
        sqs.send(new DeleteMessageBatchCommand({ QueueUrl: from, Entries: done })),
      );
    moved += done.length;
  }
}

async function call<T>(operation: string, target: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw classifyError(error, operation, target);
  }
}
