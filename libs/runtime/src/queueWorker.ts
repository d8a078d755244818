import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { ConsumerConfig } from '@chunkline/config';
import type { Logger } from '@chunkline/contracts';
import { MessageError } from '@chunkline/contracts';
import { Consumer } from 'sqs-consumer';

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
  /** Stop receiving and wait (at most `drainMs`) for the messages in hand to finish. */
  stop(drainMs: number): Promise<{ drained: boolean }>;
}

/**
 * Consume a queue with sqs-consumer: `concurrency` consumers of one message each (a
 * consumer keeps one batch in flight), heartbeats that extend the visibility of held
 * messages, and a failed message made visible again after a short backoff that grows
 * with its receive count, until the queue's RedrivePolicy moves it to the DLQ.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  let inFlight = 0;
  const log = options.log;
  const consumers = Array.from({ length: options.concurrency }, () => {
    const consumer = Consumer.create({
      queueUrl: options.queueUrl,
      sqs: options.sqs,
      batchSize: 1,
      waitTimeSeconds: 1,
      visibilityTimeout: options.consumer.visibilityTimeoutSeconds,
      heartbeatInterval: options.consumer.heartbeatIntervalSeconds,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      terminateVisibilityTimeout: (messages: Message[]) =>
        retryDelaySeconds(receiveCountOf(messages[0])),
      handleMessage: async (message: Message) => {
        inFlight += 1;
        try {
          await options.handle({
            id: message.MessageId ?? '',
            body: message.Body,
            receiveCount: receiveCountOf(message),
          });
          return message;
        } finally {
          inFlight -= 1;
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
      return inFlight;
    },
    async stop(drainMs: number) {
      for (const consumer of consumers) consumer.stop();
      const deadline = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      return { drained: inFlight === 0 };
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
