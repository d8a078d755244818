import { describe, expect, it } from 'vitest';
import { defaultDelimiterFor, detectFormat, FormatError } from '../src/index.ts';
import { utf8 } from './helpers/bytes.ts';

describe('Function: detectFormat', () => {
  it.each([
    { key: 'in/data.csv', prefix: 'a,b\n1,2\n', expected: 'csv' },
    { key: 'in/DATA.CSV', prefix: '{"looks":"like json"}', expected: 'csv' },
    { key: 'in/data.tsv', prefix: 'a\tb\n', expected: 'csv' },
    { key: 'in/data.jsonl', prefix: '{"a":1}\n', expected: 'jsonl' },
    { key: 'in/data.ndjson', prefix: '{"a":1}\n', expected: 'jsonl' },
    { key: 'in/data.json', prefix: '  \n{"a":1}\n', expected: 'jsonl' },
    { key: 'in/data.json', prefix: '\uFEFF{"a":1}', expected: 'jsonl' },
    { key: 'in/empty.json', prefix: '', expected: 'jsonl' },
    { key: 'in/export', prefix: '{"a":1}\n', expected: 'jsonl' },
    { key: 'in/export.txt', prefix: 'a;b\n1;2\n', expected: 'csv' },
    { key: 'in/dir.d/export', prefix: 'a,b\n', expected: 'csv' },
    { key: 'in/data.json', prefix: ' [{"a":1}]', expected: 'json' },
    { key: 'in/export', prefix: '\n[{"a":1}]', expected: 'json' },
  ])('reads $key starting with $prefix as $expected', ({ key, prefix, expected }) => {
    // Act
    const format = detectFormat(key, utf8(prefix));
    // Assess
    expect(format).toBe(expected);
  });

  it.each([
    { key: 'in/data.csv.gz', prefix: [0x1f, 0x8b, 0x08, 0x00], expected: 'gzip' },
    { key: 'in/data.gzip', prefix: [0x1f, 0x8b, 0x08, 0x00], expected: 'gzip' },
    { key: 'in/data', prefix: [0x1f, 0x8b, 0x08, 0x00], expected: 'gzip' },
    { key: 'in/data.zip', prefix: [0x50, 0x4b, 0x03, 0x04, 0x14], expected: 'zip' },
    { key: 'in/empty.zip', prefix: [0x50, 0x4b, 0x05, 0x06, 0], expected: 'zip' },
    { key: 'in/data.parquet', prefix: [0x50, 0x41, 0x52, 0x31, 0x15], expected: 'parquet' },
    { key: 'in/part-0001', prefix: [0x50, 0x41, 0x52, 0x31, 0x15], expected: 'parquet' },
  ])('recognises $key by its magic bytes as $expected', ({ key, prefix, expected }) => {
    // Act
    const format = detectFormat(key, Uint8Array.from(prefix));
    // Assess
    expect(format).toBe(expected);
  });

  it.each([
    {
      key: 'in/data.csv',
      prefix: [0x1f, 0x8b, 0x08, 0x00],
      seen: 'contradicts its .csv extension',
    },
    {
      key: 'in/data.json',
      prefix: [0x50, 0x4b, 0x03, 0x04],
      seen: 'contradicts its .json extension',
    },
    {
      key: 'in/data.zip',
      prefix: [0x1f, 0x8b, 0x08, 0x00],
      seen: 'contradicts its .zip extension',
    },
    { key: 'in/data.gz', prefix: [...utf8('a,b\n1,2\n')], seen: 'not gzip (1f 8b)' },
    { key: 'in/data.parquet', prefix: [...utf8('PAR')], seen: 'not Parquet (PAR1)' },
    { key: 'in/data.zip', prefix: [], seen: 'not ZIP' },
    { key: 'in/data.json', prefix: [...utf8('"just a string"')], seen: 'JSON arrays of objects' },
  ])('rejects $key as UnsupportedFormat ($seen)', ({ key, prefix, seen }) => {
    // Act
    const act = () => detectFormat(key, Uint8Array.from(prefix));
    // Assess
    expect(act).toThrow(FormatError);
    expect(act).toThrow(seen);
    expect(act).toThrow(JSON.stringify(key));
    expect(act).toThrow(expect.objectContaining({ code: 'UnsupportedFormat' }));
  });
});

describe('Function: defaultDelimiterFor', () => {
  it.each([
    { key: 'a/b.tsv', expected: '\t' },
    { key: 'a/b.TSV', expected: '\t' },
    { key: 'a/b.csv', expected: undefined },
    { key: 'a/b', expected: undefined },
    { key: 'a.tsv/b', expected: undefined },
  ])('gives $expected for $key', ({ key, expected }) => {
    // Act
    const delimiter = defaultDelimiterFor(key);
    // Assess
    expect(delimiter).toBe(expected);
  });
});
