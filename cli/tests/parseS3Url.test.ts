import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/cliError.ts';
import { parseS3Url } from '../src/s3Url.ts';

describe('Function: parseS3Url', () => {
  it.each([
    { url: 's3://incoming-data/exports/may.csv', bucket: 'incoming-data', key: 'exports/may.csv' },
    {
      url: 's3://incoming-data/exports/may report+final.csv',
      bucket: 'incoming-data',
      key: 'exports/may report+final.csv',
    },
    { url: 's3://incoming-data/a%20b.csv', bucket: 'incoming-data', key: 'a%20b.csv' },
    { url: 's3://my.bucket.name/a/b/c.jsonl', bucket: 'my.bucket.name', key: 'a/b/c.jsonl' },
    { url: 's3://abc/k', bucket: 'abc', key: 'k' },
    { url: `s3://${'b'.repeat(63)}/k`, bucket: 'b'.repeat(63), key: 'k' },
    { url: 's3://incoming-data/exports/', bucket: 'incoming-data', key: 'exports/' },
    { url: 's3://incoming-data/', bucket: 'incoming-data', key: '' },
    { url: 's3://incoming-data//double', bucket: 'incoming-data', key: '/double' },
  ])('reads $url as bucket $bucket and key "$key"', ({ url, bucket, key }) => {
    // Act
    const ref = parseS3Url(url);

    // Assess
    expect(ref).toEqual({ bucket, key });
  });

  it.each([
    { name: 'an empty string', url: '' },
    { name: 'a bucket without a slash', url: 's3://incoming-data' },
    { name: 'a plain path', url: 'incoming-data/exports/may.csv' },
    { name: 'an https URL', url: 'https://incoming-data.s3.amazonaws.com/may.csv' },
    { name: 'a capitalised scheme', url: 'S3://incoming-data/may.csv' },
    { name: 'a single slash', url: 's3:/incoming-data/may.csv' },
    { name: 'an s3a scheme', url: 's3a://incoming-data/may.csv' },
    { name: 'a bucket with capitals', url: 's3://Incoming-Data/may.csv' },
    { name: 'a bucket with an underscore', url: 's3://incoming_data/may.csv' },
    { name: 'a two-character bucket', url: 's3://ab/may.csv' },
    { name: 'a 64-character bucket', url: `s3://${'b'.repeat(64)}/may.csv` },
    { name: 'a bucket starting with a hyphen', url: 's3://-incoming/may.csv' },
    { name: 'a bucket ending with a dot', url: 's3://incoming./may.csv' },
    { name: 'leading whitespace', url: ' s3://incoming-data/may.csv' },
  ])('refuses $name with a CliError showing the URL and the right form', ({ url }) => {
    // Act
    let error: unknown;
    try {
      parseS3Url(url);
    } catch (thrown) {
      error = thrown;
    }

    // Assess
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({
      name: 'CliError',
      exitCode: 2,
      message: `"${url}" is not an S3 URL; write it as s3://bucket/key`,
    });
  });

  it.each([
    { name: 'a line break', key: 'exports/two\nlines.csv' },
    { name: 'a line separator', key: 'exports/a\u2028b.csv' },
    { name: 'a carriage return', key: 'exports/a\rb.csv' },
  ])('keeps a key holding $name whole', ({ key }) => {
    // Act
    const ref = parseS3Url(`s3://incoming-data/${key}`);

    // Assess
    expect(ref.key).toBe(key);
  });

  it('gives back any key unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (key) => {
        // Act
        const ref = parseS3Url(`s3://incoming-data/${key}`);

        // Assess
        expect(ref).toEqual({ bucket: 'incoming-data', key });
      }),
    );
  });
});
