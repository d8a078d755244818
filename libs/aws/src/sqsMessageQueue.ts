import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue } from '@chunkline/contracts';
import { classifyError } from './classifyError.ts';

/** SQS accepts at most ten messages per batch. */
const SQS_BATCH = 10;

/** The queue port over SQS. */
export class SqsMessageQueue implements MessageQueue {
  private readonly sqs: SQSClient;
  readonly url: string;

  constructor(sqs: SQSClient, url: string) {
    this.sqs = sqs;
    this.url = url;
  }

  async send(body: string): Promise<void> {
    try {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.url, MessageBody: body }));
    } catch (error) {
      throw classifyError(error, 'SendMessage', this.url);
    }
  }

  /**
   * Check that the queue exists and this process may use it (GetQueueAttributes of one
   * attribute): the readiness probe's SQS check. Throws a classified `StoreError`.
   */
  async probe(options: { abortSignal?: AbortSignal } = {}): Promise<void> {
    try {
      await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: this.url, AttributeNames: ['QueueArn'] }),
        options.abortSignal ? { abortSignal: options.abortSignal } : {},
      );
    } catch (error) {
      throw classifyError(error, 'GetQueueAttributes', this.url);
    }
  }

  /** Send in batches of ten; entries SQS refuses individually are sent again twice, then reported. */
  async sendMany(bodies: readonly string[]): Promise<void> {
    for (let at = 0; at < bodies.length; at += SQS_BATCH) {
      let entries = bodies
        .slice(at, at + SQS_BATCH)
        .map((MessageBody, i) => ({ Id: String(i), MessageBody }));
      for (let attempt = 0; entries.length > 0; attempt += 1) {
        let failedIds: Set<string>;
        try {
          const out = await this.sqs.send(
            new SendMessageBatchCommand({ QueueUrl: this.url, Entries: entries }),
          );
          failedIds = new Set((out.Failed ?? []).map((f) => f.Id ?? ''));
          if (failedIds.size > 0 && attempt >= 2) {
            const first = out.Failed?.[0];
            throw Object.assign(new Error(`${failedIds.size} entries refused: ${first?.Message}`), {
              name: first?.Code,
            });
          }
        } catch (error) {
          throw classifyError(error, 'SendMessageBatch', this.url);
        }
        entries = entries.filter((entry) => failedIds.has(entry.Id));
      }
    }
  }
}
