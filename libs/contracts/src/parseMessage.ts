import type { z } from 'zod';
import { MAX_MESSAGE_BYTES, MESSAGE_VERSION, chunkMessageSchema } from './messages.ts';
import type { ChunkMessage } from './messages.ts';
import { MessageError, MessageErrorCode } from './messageError.ts';

/** Parse a JSON body with no schema yet, refusing oversized or non-JSON bodies. */
export function parseJsonBody(body: string | undefined, queue: string): unknown {
  if (body === undefined || body.length === 0) {
    throw new MessageError(MessageErrorCode.invalid, `${queue} message has an empty body`);
  }
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new MessageError(
      MessageErrorCode.tooLarge,
      `${queue} message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new MessageError(
      MessageErrorCode.notJson,
      `${queue} message is not JSON: ${body.slice(0, 80)}`,
      { cause: error },
    );
  }
}

/** Validate a Chunkline message against its schema, telling an unknown version apart. */
export function parseWithSchema<T extends z.ZodType>(
  schema: T,
  value: unknown,
  queue: string,
): z.infer<T> {
  if (typeof value === 'object' && value !== null && 'v' in value && value.v !== MESSAGE_VERSION) {
    throw new MessageError(
      MessageErrorCode.unknownVersion,
      `${queue} message has version ${JSON.stringify(value.v)}; this service reads version ${MESSAGE_VERSION}`,
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new MessageError(MessageErrorCode.invalid, `${queue} message is invalid: ${problems}`);
  }
  return result.data;
}

/** Parse a chunk message body: its schema, then the consistency its fields must have. */
export function parseChunkMessage(body: string | undefined): ChunkMessage {
  const message = parseWithSchema(chunkMessageSchema, parseJsonBody(body, 'chunk'), 'chunk');
  const { index, start, end } = message.chunk;
  if (start > end || index >= message.chunkCount) {
    throw new MessageError(
      MessageErrorCode.invalid,
      `chunk message is invalid: chunk ${index} of ${message.chunkCount} covers [${start}, ${end})`,
    );
  }
  return message;
}
