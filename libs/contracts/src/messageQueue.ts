/** The queue port: all the domain needs is to send. Receiving is the runtime's job. */
export interface MessageQueue {
  /** Send one message body (JSON text). */
  send(body: string): Promise<void>;
  /** Send many, batching as the queue allows. */
  sendMany(bodies: readonly string[]): Promise<void>;
}
