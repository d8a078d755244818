import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { ConsumerConfig } from '@chunkline/config';
import type { Logger } from '@chunkline/contracts';
import { MessageError } from '@chunkline/contracts';
import { Consumer } from 'sqs-consumer';
import { startHeartbeat } from './heartbeat.ts';

/** One received message, as a handler sees it. */
export interface ReceivedMessage {
  readonly id: string;
  readonly body: string | undefined;
  /** SQS's ApproximateReceiveCount: 1 on first delivery. */
  readonly receiveCount: number;
}

/** Handle a message: resolve to acknowledge (delete) it; throw to have it redelivered. */
export type MessageHandler = (message: ReceivedMessage) => Promise<void>;

export interface QueueWorkerOptions {
  readonly name: string;
  readonly queueUrl: string;
  readonly sqs: SQSClient;
  /** Messages handled at once (one long-polling consumer each). */
  readonly concurrency: number;
  /** Visibility timeout and heartbeat interval. */
  readonly consumer: Pick<ConsumerConfig, 'visibilityTimeoutSeconds' | 'heartbeatIntervalSeconds'>;
  readonly handle: MessageHandler;
  readonly log: Logger;
}

/** A running worker. */
export interface QueueWorker {
  /** Messages being handled right now. */
  readonly inFlight: number;
  /**
   * Stop receiving, wait (at most `drainMs`) for the messages in hand to finish, and make
   * any still unfinished visible again at once.
   */
  stop(drainMs: number): Promise<{ drained: boolean; released: number }>;
}

/**
 * Consume a queue with sqs-consumer: `concurrency` consumers of one message each (a
 * consumer keeps one batch in flight), a heartbeat per held message that extends its
 * visibility up to SQS's 12-hour ceiling, and a failed message made visible again after a
 * short backoff that grows with its receive count, until the queue's RedrivePolicy moves
 * it to the DLQ.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const log = options.log;
  const { visibilityTimeoutSeconds, heartbeatIntervalSeconds } = options.consumer;
  const held = new Map<string, string>();
  const consumers = Array.from({ length: options.concurrency }, () => {
    const consumer = Consumer.create({
      queueUrl: options.queueUrl,
      sqs: options.sqs,
      batchSize: 1,
      waitTimeSeconds: 1,
      visibilityTimeout: visibilityTimeoutSeconds,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      terminateVisibilityTimeout: (messages: Message[]) =>
        retryDelaySeconds(receiveCountOf(messages[0])),
      handleMessage: async (message: Message) => {
        const id = message.MessageId ?? '';
        const receiptHandle = message.ReceiptHandle ?? '';
        held.set(id, receiptHandle);
        const heartbeat = startHeartbeat({
          sqs: options.sqs,
          queueUrl: options.queueUrl,
          receiptHandle,
          visibilitySeconds: visibilityTimeoutSeconds,
          intervalSeconds: heartbeatIntervalSeconds,
          log: log.child({ queue: options.name, messageId: id }),
        });
        try {
          await options.handle({ id, body: message.Body, receiveCount: receiveCountOf(message) });
          return message;
        } finally {
          heartbeat.stop();
          held.delete(id);
        }
      },
    });
    consumer.on('processing_error', (error, message) => {
      const rejected = error.cause instanceof MessageError || error instanceof MessageError;
      log[rejected ? 'warn' : 'error'](rejected ? 'message.rejected' : 'message.failed', {
        queue: options.name,
        messageId: message?.MessageId,
        receiveCount: receiveCountOf(message),
        reason: error.message,
      });
    });
    consumer.on('error', (error) =>
      log.error('queue.error', { queue: options.name, reason: error.message }),
    );
    consumer.start();
    return consumer;
  });
  return {
    get inFlight() {
      return held.size;
    },
    async stop(drainMs: number) {
      for (const consumer of consumers) consumer.stop();
      const deadline = Date.now() + drainMs;
      while (held.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      // What is still held goes back to the queue at once, for another worker to take.
      const released = [...held.values()];
      await Promise.all(
        released.map((receiptHandle) =>
          options.sqs
            .send(
              new ChangeMessageVisibilityCommand({
                QueueUrl: options.queueUrl,
                ReceiptHandle: receiptHandle,
                VisibilityTimeout: 0,
              }),
            )
            .catch(() => undefined),
        ),
      );
      return { drained: released.length === 0, released: released.length };
    },
  };
}

function receiveCountOf(message: Message | undefined): number {
  return Number(message?.Attributes?.ApproximateReceiveCount ?? '1') || 1;
}

/** Seconds before a failed message is seen again: 1, 2, 4 … capped at 30. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(30, 2 ** Math.max(0, receiveCount - 1));
}
