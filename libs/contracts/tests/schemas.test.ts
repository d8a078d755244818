import { describe, expect, it } from 'vitest';
import { chunkResultSchema, jobManifestSchema, jobStatusSchema } from '../src/index.ts';
import { chunkResult, jobManifest, jobStatus } from './helpers/factories.ts';

/** The `path: message` lines of a failed parse, or `[]` when it succeeds. */
function problems(result: {
  success: boolean;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}): string[] {
  return (result.error?.issues ?? []).map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
}

describe('Function: jobManifestSchema', () => {
  it('accepts a complete CSV manifest and returns it unchanged', () => {
    // Prepare
    const manifest = jobManifest();

    // Act
    const result = jobManifestSchema.safeParse(manifest);

    // Assess
    expect(problems(result)).toEqual([]);
    expect(result.data).toEqual(manifest);
  });

  it('accepts a prefix manifest of gzip, ZIP and Parquet sources, each planned its own way', () => {
    // Prepare
    const base = jobManifest();
    const common = { bucket: 'in', etag: '"e"', size: 1000 };
    const manifest = {
      ...base,
      input: { bucket: 'in', key: 'exports/', prefix: true },
      sources: [
        {
          ...common,
          key: 'exports/a.jsonl.gz',
          format: { kind: 'gzip', inner: 'jsonl' },
          firstChunk: 0,
          plan: { kind: 'whole' },
        },
        {
          ...common,
          key: 'exports/b.zip',
          format: { kind: 'zip' },
          firstChunk: 1,
          plan: {
            kind: 'entries',
            groups: [
              {
                start: 0,
                end: 900,
                entries: [
                  {
                    name: 'x.jsonl',
                    format: 'jsonl',
                    method: 8,
                    crc32: 1,
                    compressedSize: 860,
                    uncompressedSize: 4000,
                    localHeaderOffset: 0,
                    flags: 8,
                    end: 900,
                  },
                ],
              },
            ],
          },
        },
        {
          ...common,
          key: 'exports/c.parquet',
          format: { kind: 'parquet', columns: [{ name: 'id', type: 'int64' }] },
          firstChunk: 2,
          plan: { kind: 'rowGroups', groups: [{ first: 0, count: 2, start: 4, end: 990 }] },
        },
      ],
      chunkCount: 3,
    };

    // Act
    const result = jobManifestSchema.safeParse(manifest);

    // Assess
    expect(problems(result)).toEqual([]);
  });

  it.each([
    {
      problem: 'more than 10,000 chunks',
      change: { chunkCount: 10_001 },
      expected: ['chunkCount: Too big: expected number to be <=10000'],
    },
    {
      problem: 'a two-character delimiter',
      change: { records: { format: 'csv', columns: [], delimiter: ';;' } },
      expected: ['records.delimiter: Too big: expected string to have exactly 1 characters'],
    },
    {
      problem: 'an unknown output format',
      change: { output: { ...jobManifest().output, format: 'xml' } },
      expected: ['output.format: Invalid option: expected one of "csv"|"jsonl"|"json"|"parquet"'],
    },
    {
      problem: 'no sources',
      change: { sources: [] },
      expected: ['sources: Too small: expected array to have >=1 items'],
    },
    {
      problem: 'an unknown bad-record policy',
      change: { onBadRecord: 'ignore' },
      expected: ['onBadRecord: Invalid option: expected one of "fail"|"skip"'],
    },
    {
      problem: 'a tokenize key held in the manifest',
      change: { transform: { mapping: {}, tokenizeKey: 'secret-secret-secret' } },
      expected: ['transform: Unrecognized key: "tokenizeKey"'],
    },
    {
      problem: 'version 1',
      change: { v: 1 },
      expected: ['v: Invalid input: expected 2'],
    },
  ])('rejects a manifest with $problem', ({ change, expected }) => {
    // Prepare
    const manifest = { ...jobManifest(), ...change };

    // Act
    const result = jobManifestSchema.safeParse(manifest);

    // Assess
    expect(result.success).toBe(false);
    expect(problems(result)).toEqual(expected);
  });
});

describe('Function: chunkResultSchema', () => {
  it('accepts a CSV chunk result with rejects and quote state', () => {
    // Prepare
    const result = chunkResult();

    // Act
    const parsed = chunkResultSchema.safeParse(result);

    // Assess
    expect(problems(parsed)).toEqual([]);
    expect(parsed.data).toEqual(result);
  });

  it('accepts a JSON Lines chunk result with neither rejects nor quote state', () => {
    // Prepare
    const { rejects: _rejects, quote: _quote, ...result } = chunkResult();

    // Act
    const parsed = chunkResultSchema.safeParse(result);

    // Assess
    expect(problems(parsed)).toEqual([]);
  });

  it.each([
    {
      problem: 'a rejects object that rejected nothing',
      change: { rejects: { key: 'r', count: 0 } },
      expected: ['rejects.count: Too small: expected number to be >=1'],
    },
    {
      problem: 'a quote parity of 2',
      change: { quote: { startState: 'outside', how: 'given', parity: 2 } },
      expected: ['quote.parity: Invalid input'],
    },
    {
      problem: 'a negative row count',
      change: { rowsOut: -1 },
      expected: ['rowsOut: Too small: expected number to be >=0'],
    },
    {
      problem: 'an unknown key',
      change: { rows: [] },
      expected: ['(root): Unrecognized key: "rows"'],
    },
  ])('rejects a chunk result with $problem', ({ change, expected }) => {
    // Act
    const parsed = chunkResultSchema.safeParse({ ...chunkResult(), ...change });

    // Assess
    expect(parsed.success).toBe(false);
    expect(problems(parsed)).toEqual(expected);
  });
});

describe('Function: jobStatusSchema', () => {
  it('accepts a failed job with its chunk failure and reason', () => {
    // Prepare
    const status = jobStatus();

    // Act
    const parsed = jobStatusSchema.safeParse(status);

    // Assess
    expect(problems(parsed)).toEqual([]);
    expect(parsed.data).toEqual(status);
  });

  it.each([
    {
      problem: 'an unknown state',
      change: { state: 'paused' },
      expected: [
        'state: Invalid option: expected one of "planned"|"running"|"merging"|"succeeded"|"failed"',
      ],
    },
    {
      problem: 'a chunk failure with line 0',
      change: {
        errors: [{ ...jobStatus().errors[0], line: 0 }],
      },
      expected: ['errors.0.line: Too small: expected number to be >=1'],
    },
    {
      problem: 'rows without a rejected count',
      change: { rows: { in: 1, out: 1 } },
      expected: ['rows.rejected: Invalid input: expected number, received undefined'],
    },
  ])('rejects a status with $problem', ({ change, expected }) => {
    // Act
    const parsed = jobStatusSchema.safeParse({ ...jobStatus(), ...change });

    // Assess
    expect(parsed.success).toBe(false);
    expect(problems(parsed)).toEqual(expected);
  });
});
