import { describe, expect, it } from 'vitest';
import { canonicalJson, configDigest, jobIdFor, jobLayout, outputKeyFor } from '../src/index.ts';

const source = { bucket: 'in', key: 'data/big file.csv', etag: '"abc"' };

describe('Function: jobIdFor', () => {
  it('maps the same object version and config to the same job', () => {
    expect(jobIdFor(source, configDigest({ a: 1 }))).toBe(
      jobIdFor({ ...source }, configDigest({ a: 1 })),
    );
  });

  it.each([
    {
      name: 'a new upload (ETag)',
      other: { ...source, etag: '"def"' },
      digest: configDigest({ a: 1 }),
    },
    {
      name: 'a new version id',
      other: { ...source, versionId: 'v2' },
      digest: configDigest({ a: 1 }),
    },
    {
      name: 'another key',
      other: { ...source, key: 'data/other.csv' },
      digest: configDigest({ a: 1 }),
    },
    { name: 'another config', other: source, digest: configDigest({ a: 2 }) },
  ])('gives $name a new job', ({ other, digest }) => {
    expect(jobIdFor(other, digest)).not.toBe(jobIdFor(source, configDigest({ a: 1 })));
  });

  it('is 32 lowercase hex characters', () => {
    expect(jobIdFor(source, 'x')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('Function: canonicalJson', () => {
  it('ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: 2 } })).toBe(
      canonicalJson({ a: { c: 2, d: [1, { x: 2, y: 1 }] }, b: 1 }),
    );
  });
});

describe('Function: outputKeyFor', () => {
  it.each([
    { key: 'in/data.csv', ext: 'csv', expected: 'out/in/data.0123456789ab.csv' },
    { key: 'events.jsonl', ext: 'jsonl', expected: 'out/events.0123456789ab.jsonl' },
    { key: 'dir.v2/noext', ext: 'csv', expected: 'out/dir.v2/noext.0123456789ab.csv' },
  ])('names the output of $key', ({ key, ext, expected }) => {
    expect(outputKeyFor('out/', key, '0123456789abcdef0123456789abcdef', ext)).toBe(expected);
  });
});

describe('Function: jobLayout', () => {
  it('keeps all of a job under one prefix', () => {
    const layout = jobLayout('stage/', 'j1');
    for (const key of [
      layout.manifest,
      layout.status,
      layout.done,
      layout.part(3, '0a1b2c3d', 'inside'),
      layout.failure(2),
    ]) {
      expect(key.startsWith('stage/jobs/j1/')).toBe(true);
    }
    expect(layout.part(3, '0a1b2c3d')).toBe('stage/jobs/j1/parts/00003/0a1b2c3d');
    expect(layout.part(3, '0a1b2c3d', 'inside')).toBe('stage/jobs/j1/parts/00003.inside/0a1b2c3d');
    expect(layout.rejects(3, '0a1b2c3d')).toBe('stage/jobs/j1/rejects/00003/0a1b2c3d.jsonl');
  });
});
