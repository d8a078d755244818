import { describe, expect, it } from 'vitest';
import { messageContext } from '../src/index.ts';

describe('Function: messageContext', () => {
  it.each([
    {
      body: '{"v":1,"type":"chunk","jobId":"j1","manifest":{},"chunk":{"index":3,"start":0,"end":9}}',
      fields: { jobId: 'j1', chunk: 3 },
    },
    { body: '{"v":1,"type":"merge","jobId":"j2","manifest":{}}', fields: { jobId: 'j2' } },
    { body: '{"Records":[{"s3":{"object":{"key":"secret.csv"}}}]}', fields: {} },
    { body: 'not json', fields: {} },
    { body: '{"jobId":', fields: {} },
    { body: undefined, fields: {} },
  ])('reads $fields from $body', ({ body, fields }) => {
    // Assess
    expect(messageContext(body)).toEqual(fields);
  });
});
