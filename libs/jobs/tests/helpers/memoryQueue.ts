import type { MessageQueue } from '@chunkline/contracts';

/** A queue that keeps what is sent, for tests to deliver in any order they like. */
export class MemoryQueue implements MessageQueue {
  readonly messages: string[] = [];

  async send(body: string): Promise<void> {
    this.messages.push(body);
  }

  async sendMany(bodies: readonly string[]): Promise<void> {
    this.messages.push(...bodies);
  }

  /** Take every message sent so far. */
  drain(): string[] {
    return this.messages.splice(0, this.messages.length);
  }
}
