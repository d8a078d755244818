import { z } from 'zod';
import { submitMessageSchema } from './messages.ts';
import { MessageError, MessageErrorCode } from './messageError.ts';
import { parseJsonBody, parseWithSchema } from './parseMessage.ts';

/** An object named by an S3 event or a manual submit. */
export interface ObjectCreated {
  readonly bucket: string;
  readonly key: string;
  /** ETag from the event, when it carries one; a submit leaves it to HEAD. */
  readonly etag?: string | undefined;
  readonly versionId?: string | undefined;
  readonly size?: number | undefined;
  /** A submitted prefix (a key ending in `/`): every object under it makes one job. */
  readonly prefix?: boolean | undefined;
}

/** What arrived on the ingest queue. */
export type IngestMessage =
  | { readonly kind: 'test' }
  | { readonly kind: 'objects'; readonly objects: readonly ObjectCreated[] };

const s3EventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventName: z.string(),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({
            key: z.string(),
            size: z.number().optional(),
            eTag: z.string().optional(),
            versionId: z.string().optional(),
          }),
        }),
      }),
    )
    .min(1),
});

/** S3 URL-encodes keys in event notifications, with `+` for spaces. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/**
 * Read an ingest queue body: an S3 event notification (several records allowed; only
 * `ObjectCreated:*` records count), the `s3:TestEvent` that S3 sends when a notification
 * is configured, or a Chunkline submit message.
 */
export function parseIngestMessage(body: string | undefined): IngestMessage {
  const value = parseJsonBody(body, 'ingest');
  if (typeof value === 'object' && value !== null) {
    if ('Event' in value && value.Event === 's3:TestEvent') return { kind: 'test' };
    if ('type' in value && value.type === 'submit') {
      const submit = parseWithSchema(submitMessageSchema, value, 'ingest');
      const prefix = submit.source.key.endsWith('/');
      return { kind: 'objects', objects: [{ ...submit.source, ...(prefix ? { prefix } : {}) }] };
    }
    if ('Records' in value) return { kind: 'objects', objects: parseS3Event(value) };
  }
  throw new MessageError(
    MessageErrorCode.invalid,
    'ingest message is neither an S3 event notification nor a Chunkline submit message',
  );
}

/** Decode an event key; a malformed escape (`%E0%A4%A`) refuses the message, not the worker. */
function eventKey(raw: string): string {
  try {
    return decodeEventKey(raw);
  } catch (error) {
    throw new MessageError(
      MessageErrorCode.invalid,
      `ingest S3 event has a key that is not validly URL-encoded: ${JSON.stringify(raw.slice(0, 80))}`,
      { cause: error },
    );
  }
}

function parseS3Event(value: unknown): ObjectCreated[] {
  const result = s3EventSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new MessageError(MessageErrorCode.invalid, `ingest S3 event is invalid: ${problems}`);
  }
  return result.data.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map(
    (record) => ({
      bucket: record.s3.bucket.name,
      key: eventKey(record.s3.object.key),
      etag: record.s3.object.eTag,
      versionId: record.s3.object.versionId,
      size: record.s3.object.size,
    }),
  );
}
