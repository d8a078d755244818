import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageError, parseIngestMessage } from '../src/index.ts';
import type { QueueName } from './helpers/factories.ts';
import {
  TEST_EVENT_BODY,
  chunkMessage,
  mergeMessage,
  parseBody,
  s3EventBody,
  s3Record,
} from './helpers/factories.ts';

/** Whether parsing `body` returns, or throws a MessageError; any other throw is a bug. */
function parsesOrRefuses(queue: QueueName, body: string): boolean {
  try {
    parseBody[queue](body);
    return true;
  } catch (error) {
    if (error instanceof MessageError) return true;
    throw error;
  }
}

/** Keys as S3 writes them into event notifications: URL-encoded, with `+` for a space. */
function s3EncodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+');
}

const wellFormedKey = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 60 })
  .filter((key) => key.isWellFormed());

/** Bodies near the valid ones: valid messages with one character deleted or replaced. */
const nearlyValidBody = fc
  .tuple(
    fc.constantFrom(
      TEST_EVENT_BODY,
      s3EventBody(s3Record({ key: 'a+b%2Bc.csv', size: 3, eTag: 'abc' })),
      JSON.stringify({ v: 1, type: 'submit', source: { bucket: 'bkt', key: 'k' } }),
      JSON.stringify(chunkMessage()),
      JSON.stringify(mergeMessage()),
    ),
    fc.nat(),
    fc.string({ maxLength: 2 }),
  )
  .map(([body, at, insert]) => {
    const index = at % body.length;
    return body.slice(0, index) + insert + body.slice(index + 1);
  });

/** Raw event keys built from escape fragments, so malformed escapes turn up often. */
const rawEventKey = fc
  .array(
    fc.oneof(
      fc.constantFrom('%', '+', '%2B', '%20', '%E0', '%A4', '%C3%A9', '%ZZ', 'a', '/', ' '),
      fc.string({ unit: 'binary', maxLength: 3 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const anyBody = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.json(),
  nearlyValidBody,
  // Structurally valid events whose raw keys are anything at all, malformed escapes included.
  fc
    .array(fc.tuple(rawEventKey, fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    })
    .map((records) =>
      s3EventBody(
        ...records.map(([key, created]) =>
          s3Record({ key, eventName: created ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete' }),
        ),
      ),
    ),
);

describe('Function: parseIngestMessage (properties)', () => {
  it.each(['ingest', 'chunk', 'merge'] as const)(
    'on the %s queue, any string body either parses or throws MessageError, never another error',
    (queue) => {
      fc.assert(
        fc.property(anyBody, (body) => {
          // Act and Assess
          expect(parsesOrRefuses(queue, body)).toBe(true);
        }),
        { numRuns: 2_000 },
      );
    },
  );

  it('decodes every key S3 encodes back to the original key', () => {
    fc.assert(
      fc.property(wellFormedKey, (key) => {
        // Prepare
        const body = s3EventBody(s3Record({ key: s3EncodeKey(key), size: 1 }));

        // Act
        const message = parseIngestMessage(body);

        // Assess
        expect(message).toMatchObject({ kind: 'objects', objects: [{ key }] });
      }),
      { numRuns: 1_000 },
    );
  });

  it('returns one object per ObjectCreated record, whatever the mix of records', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), (created) => {
        // Prepare
        const records = created.map((isCreated, i) =>
          s3Record({
            key: `k${i}`,
            eventName: isCreated ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete',
          }),
        );

        // Act
        const message = parseIngestMessage(s3EventBody(...records));

        // Assess
        const expected = created.flatMap((isCreated, i) => (isCreated ? [`k${i}`] : []));
        expect(message.kind === 'objects' && message.objects.map((o) => o.key)).toEqual(expected);
      }),
    );
  });
});
