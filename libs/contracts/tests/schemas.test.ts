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

  it('accepts a JSON Lines manifest, whose format carries no columns', () => {
    // Prepare
    const manifest = { ...jobManifest(), format: { kind: 'jsonl' } };

    // Act
    const result = jobManifestSchema.safeParse(manifest);

    // Assess
    expect(problems(result)).toEqual([]);
  });

  it.each([
    {
      problem: 'more than 10,000 chunks',
      change: { plan: { dataStart: 0, dataEnd: 10, chunkSize: 1, chunkCount: 10_001 } },
      expected: ['plan.chunkCount: Too big: expected number to be <=10000'],
    },
    {
      problem: 'a two-character delimiter',
      change: { format: { kind: 'csv', delimiter: ';;', columns: [], headerBytes: 0 } },
      expected: ['format.delimiter: Too big: expected string to have exactly 1 characters'],
    },
    {
      problem: 'an unknown format kind',
      change: { format: { kind: 'parquet' } },
      expected: ["format.kind: Invalid discriminator value. Expected 'csv' | 'jsonl'"],
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
      problem: 'version 2',
      change: { v: 2 },
      expected: ['v: Invalid input: expected 1'],
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
