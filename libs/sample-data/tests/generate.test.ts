import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SAMPLE_COLUMNS, generateCsv, generateJsonl } from '../src/index.ts';

const text = (buffers: Iterable<Buffer>): string => Buffer.concat([...buffers]).toString('utf8');

describe('Function: generateCsv', () => {
  it('is reproducible from its seed', () => {
    expect(text(generateCsv({ seed: 7, targetBytes: 50_000 }))).toBe(
      text(generateCsv({ seed: 7, targetBytes: 50_000 })),
    );
    expect(text(generateCsv({ seed: 7, targetBytes: 50_000 }))).not.toBe(
      text(generateCsv({ seed: 8, targetBytes: 50_000 })),
    );
  });

  it.each([10_000, 1_000_000, 3_000_000])(
    'reaches %i bytes and stops within one record of it',
    (targetBytes) => {
      const size = Buffer.concat([...generateCsv({ seed: 1, targetBytes })]).length;
      expect(size).toBeGreaterThanOrEqual(targetBytes);
      expect(size).toBeLessThan(targetBytes + 1000);
    },
  );

  it('writes valid CSV with quoted commas, quotes and newlines', () => {
    const rows = parse(text(generateCsv({ seed: 3, targetBytes: 200_000 })), {
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...SAMPLE_COLUMNS]);
    expect(rows.some((r) => r['notes']?.includes('\n'))).toBe(true);
    expect(rows.some((r) => r['notes']?.includes(','))).toBe(true);
    expect(rows.some((r) => r['notes']?.includes('"'))).toBe(true);
  });

  it('uses CRLF when asked', () => {
    expect(
      text(generateCsv({ seed: 3, targetBytes: 1000, lineEnding: '\r\n' })).split('\n')[0],
    ).toMatch(/\r$/);
  });
});

describe('Function: generateJsonl', () => {
  it('writes one JSON object per line with the same records', () => {
    const lines = text(generateJsonl({ seed: 3, targetBytes: 50_000 }))
      .trimEnd()
      .split('\n');
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, string>;
    expect(Object.keys(first)).toEqual([...SAMPLE_COLUMNS]);
    expect(first['id']).toBe('1');
  });
});
