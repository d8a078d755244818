import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { ConsumerConfig } from '@chunkline/config';
import type { LogFields, Logger } from '@chunkline/contracts';
import { MessageError } from '@chunkline/contracts';
import { Consumer } from 'sqs-consumer';
import { startHeartbeat } from './heartbeat.ts';
import type { ServiceMetrics } from './metrics.ts';

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
  /** Where receives, receive lag, heartbeats and outcomes are counted; default none. */
  readonly metrics?: ServiceMetrics | undefined;
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

/** Long-poll wait of each receive, in seconds. */
const RECEIVE_WAIT_SECONDS = 1;

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
  let stopping = false;
  /** Consumers (by slot) inside `handleMessage` right now, as opposed to waiting on a receive. */
  const handling = new Set<number>();
  /** Releases of messages a receive returned after `stop`, still being sent. */
  const releasing = new Set<Promise<void>>();
  const release = (receiptHandle: string): Promise<void> =>
    options.sqs
      .send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: options.queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: 0,
        }),
      )
      .then(
        () => undefined,
        () => undefined,
      );
  const consumers = Array.from({ length: options.concurrency }, (_, slot) => {
    const consumer = Consumer.create({
      queueUrl: options.queueUrl,
      sqs: options.sqs,
      batchSize: 1,
      waitTimeSeconds: RECEIVE_WAIT_SECONDS,
      visibilityTimeout: visibilityTimeoutSeconds,
      messageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      terminateVisibilityTimeout: (messages: Message[]) =>
        retryDelaySeconds(receiveCountOf(messages[0])),
      handleMessage: async (message: Message) => {
        const id = message.MessageId ?? '';
        const receiptHandle = message.ReceiptHandle ?? '';
        if (stopping) {
          // A receive already under way when the worker stopped returned this message: it
          // is not ours to start, so give it back at once (unacknowledged).
          const released = release(receiptHandle);
          releasing.add(released);
          await released;
          releasing.delete(released);
          return undefined;
        }
        handling.add(slot);
        held.set(id, receiptHandle);
        options.metrics?.messageReceived(options.name, receiveLagSeconds(message));
        const heartbeat = startHeartbeat({
          sqs: options.sqs,
          queueUrl: options.queueUrl,
          receiptHandle,
          visibilitySeconds: visibilityTimeoutSeconds,
          intervalSeconds: heartbeatIntervalSeconds,
          log: log.child({ queue: options.name, messageId: id, ...messageContext(message.Body) }),
          onBeat: () => options.metrics?.heartbeat(options.name),
        });
        try {
          await options.handle({ id, body: message.Body, receiveCount: receiveCountOf(message) });
          options.metrics?.messageHandled(options.name, 'acknowledged');
          return message;
        } finally {
          heartbeat.stop();
          held.delete(id);
          handling.delete(slot);
        }
      },
    });
    consumer.on('processing_error', (error, message) => {
      const rejected = error.cause instanceof MessageError || error instanceof MessageError;
      options.metrics?.messageHandled(options.name, rejected ? 'rejected' : 'failed');
      log[rejected ? 'warn' : 'error'](rejected ? 'message.rejected' : 'message.failed', {
        queue: options.name,
        messageId: message?.MessageId,
        ...messageContext(message?.Body),
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
      stopping = true;
      for (const consumer of consumers) consumer.stop();
      const deadline = Date.now() + drainMs;
      while (held.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      // What is still held goes back to the queue at once, for another worker to take.
      const released = [...held.values()];
      await Promise.all(released.map(release));
      // A receive still under way (at most one long poll) may yet return a message, which
      // `handleMessage` gives back; wait for it, so nothing stays invisible after exit.
      const receiving = (): boolean =>
        consumers.some((consumer, slot) => consumer.status.isPolling && !handling.has(slot));
      const pollDeadline = Date.now() + (RECEIVE_WAIT_SECONDS + 1) * 1000;
      while (receiving() && Date.now() < pollDeadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all(releasing);
      return { drained: released.length === 0, released: released.length };
    },
  };
}

/**
 * The job id and chunk index of a Chunkline message, for the worker's own log lines; empty
 * for anything else (an S3 event, a malformed body). Only these two fields are read.
 */
export function messageContext(body: string | undefined): LogFields {
  if (body === undefined || body.length > 64 * 1024 || !body.startsWith('{')) return {};
  try {
    const value = JSON.parse(body) as { jobId?: unknown; chunk?: { index?: unknown } };
    return {
      ...(typeof value.jobId === 'string' ? { jobId: value.jobId.slice(0, 64) } : {}),
      ...(typeof value.chunk?.index === 'number' ? { chunk: value.chunk.index } : {}),
    };
  } catch {
    return {};
  }
}

/** Seconds from SQS's SentTimestamp to now; `undefined` when SQS did not say. */
function receiveLagSeconds(message: Message, now = Date.now()): number | undefined {
  const sent = Number(message.Attributes?.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? (now - sent) / 1000 : undefined;
}

function receiveCountOf(message: Message | undefined): number {
  return Number(message?.Attributes?.ApproximateReceiveCount ?? '1') || 1;
}

/** Seconds before a failed message is seen again: 1, 2, 4 … capped at 30. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(30, 2 ** Math.max(0, receiveCount - 1));
}
