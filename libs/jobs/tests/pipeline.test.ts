import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { compileMapping, parseMapping } from '@chunkline/transforms';
import type { Mapping } from '@chunkline/transforms';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@chunkline/contracts';
import type { Row } from '@chunkline/contracts';
import { MemoryObjectStore } from '@chunkline/testing';
import { dispatchObject, readFinalJobStatus, readJobStatus } from '../src/index.ts';
import { MemoryQueue } from './helpers/memoryQueue.ts';
import { TOKENIZE_KEY, runPipeline, testConfig } from './helpers/runPipeline.ts';

/** The unsplit reference: csv-parse over the whole input, csv-stringify back. */
function csvReference(input: string): string {
  const records = parse(input, { bom: true, skip_empty_lines: true }) as string[][];
  return records.length === 0 ? '' : stringify(records, { record_delimiter: 'unix' });
}

const field = fc.oneof(
  fc.constantFrom(
    '',
    'plain',
    'with, comma',
    'with "quotes"',
    'multi\nline',
    'crlf\r\ninside',
    'é日本🚚',
    '"',
    ',',
    '\n',
  ),
  fc.string({ maxLength: 6 }),
);
const csvFile = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 0, max: 25 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .chain(([columns, rows, eol, trailing]) =>
    fc.tuple(
      fc.array(fc.array(field, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
      fc.constant({ columns, eol, trailing }),
    ),
  )
  .map(([rows, { columns, eol, trailing }]) => {
    const header = Array.from({ length: columns }, (_, i) => `c${i}`);
    const quote = (v: string): string =>
      /[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
    const lines = [header, ...rows].map((r) => r.map(quote).join(','));
    return lines.join(eol) + (trailing ? eol : '');
  });

/** The mapping of a document, if it is valid and its output columns for `columns` do not collide. */
function validMapping(document: object, columns: readonly string[]): Mapping | undefined {
  try {
    const mapping = parseMapping({ version: 1, ...document });
    compileMapping(mapping, { tokenizeKey: TOKENIZE_KEY }).outputColumns(columns);
    return mapping;
  } catch {
    return undefined;
  }
}

describe('Pipeline (in memory): dispatch → process → merge', () => {
  it('gives the unsplit parse for random CSVs cut into many tiny chunks, delivered shuffled and duplicated (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvFile,
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        async (input, chunkSize, seed) => {
          // Prepare
          let state = seed >>> 0;
          const random = (n: number): number => (state = (state * 1103515245 + 12345) >>> 0) % n;
          // Act
          const run = await runPipeline(input, 'data.csv', testConfig({ chunkSize }), {
            shuffle: random,
            duplicate: (i) => random(4) === 0 && i >= 0,
          });
          // Assess
          expect(run.status?.state).toBe('succeeded');
          expect(run.output?.toString('utf8')).toBe(csvReference(input));
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('maps CSV to CSV by position exactly as the mapping maps rows, for random mappings (property)', async () => {
    // Prepare: the row path is the reference — csv-parse, `apply`, csv-stringify by output column
    const mappingDocument = fc.record(
      {
        fields: fc.dictionary(
          fc.constantFrom('c0', 'c1', 'c2'),
          fc.constantFrom({ op: 'tokenize' }, { op: 'hash' }, { op: 'mask', keep: 1 }),
          { maxKeys: 2 },
        ),
        filter: fc.record({
          field: fc.constantFrom('c0', 'c1', 'c9'),
          op: fc.constantFrom('contains', 'ne', 'gt'),
          value: fc.constantFrom('a', '', 'plain', 'é', '日本🚚'),
        }),
        select: fc.uniqueArray(fc.constantFrom('c1', 'c0', 'c9'), { minLength: 1 }),
        rename: fc.constantFrom({ c0: 'first' }, {}),
      },
      { requiredKeys: ['fields'] },
    );
    await fc.assert(
      fc.asyncProperty(
        csvFile,
        mappingDocument,
        fc.integer({ min: 8, max: 60 }),
        async (input, document, chunkSize) => {
          const columns = (parse(input, { bom: true, to_line: 1 }) as string[][])[0] ?? [];
          const mapping = validMapping(document, columns);
          fc.pre(mapping !== undefined);
          const compiled = compileMapping(mapping, { tokenizeKey: TOKENIZE_KEY });
          // Act
          const run = await runPipeline(input, 'map.csv', testConfig({ mapping, chunkSize }));
          // Assess
          const header = compiled.outputColumns(columns);
          const rows = (parse(input, { bom: true, columns: true }) as Row[]).flatMap((row) => {
            const out = compiled.apply(row);
            return out === undefined ? [] : [header.map((c) => String(out[c] ?? ''))];
          });
          const expected = stringify([header, ...rows], { record_delimiter: 'unix' });
          expect(run.status?.state).toBe('succeeded');
          expect(run.output?.toString('utf8')).toBe(expected);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('maps CSV to CSV by position with what the row path makes of bytes that are not UTF-8', async () => {
    // Prepare: a lone continuation byte, a cut 3-byte sequence, and valid multi-byte text
    const input = Buffer.concat([
      Buffer.from('id,name,note\n1,Zoë,a'),
      Buffer.from([0x80]),
      Buffer.from('b\n2,日本,x'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\n3,🚚,ok\n'),
    ]);
    const mapping = parseMapping({ version: 1, fields: { name: { op: 'mask', keep: 1 } } });
    // Act
    const run = await runPipeline(input, 'bytes.csv', testConfig({ mapping, chunkSize: 12 }));
    // Assess
    expect(run.status?.state).toBe('succeeded');
    expect(run.output).toEqual(
      Buffer.from('id,name,note\n1,**ë,a\uFFFDb\n2,*本,x\uFFFD\n3,*,ok\n', 'utf8'),
    );
  });

  it('applies the mapping snapshot and counts rows in and out', async () => {
    // Prepare
    const input = 'id,email,amount\n1,a@x.io,50\n2,b@x.io,150\n3,"c,@x.io",250\n';
    const mapping = parseMapping({
      version: 1,
      fields: { email: { op: 'tokenize' } },
      filter: { field: 'amount', op: 'gt', value: 100 },
    });
    // Act
    const run = await runPipeline(input, 'm.csv', testConfig({ mapping, chunkSize: 10 }));
    // Assess
    const rows = parse(run.output ?? '', { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['id'])).toEqual(['2', '3']);
    expect(rows[0]?.['email']).toMatch(/^tok_[\w-]{22}$/);
    expect(run.status?.rows).toEqual({ in: 3, out: 2, rejected: 0 });
  });

  it('merges JSON Lines in order', async () => {
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ i, text: `é${'x'.repeat(i % 7)}` }),
    );
    const run = await runPipeline(
      `${lines.join('\n')}\n`,
      'e.jsonl',
      testConfig({ chunkSize: 50 }),
    );
    expect(run.output?.toString('utf8')).toBe(`${lines.join('\n')}\n`);
    expect(run.chunkMessages).toBeGreaterThan(10);
  });

  it.each([
    { name: 'an empty object', input: '', output: '' },
    { name: 'a header-only CSV', input: 'a,b\n', output: 'a,b\n' },
    { name: 'a header without newline', input: 'a,b', output: 'a,b\n' },
    {
      name: 'a single huge record',
      input: `a,b\n1,"${'x\n'.repeat(500)}"\n`,
      output: `a,b\n1,"${'x\n'.repeat(500)}"\n`,
    },
  ])('processes $name', async ({ input, output }) => {
    const run = await runPipeline(input, 'edge.csv', testConfig({ chunkSize: 7 }));
    expect(run.status?.state).toBe('succeeded');
    expect(run.output?.toString('utf8')).toBe(output);
  });

  it.each([
    { setting: undefined, expected: 4 },
    { setting: 1, expected: 1 },
    { setting: 2, expected: 2 },
  ])(
    'copies at most mergePartConcurrency ($setting) parts at once (default 4)',
    async ({ setting, expected }) => {
      // Arrange: six chunks of 5.5 MiB, each copied as its own part
      const row = `${'x'.repeat(1023)}\n`;
      const input = `v\n${row.repeat(6 * 5632)}`;
      let copying = 0;
      let mostCopying = 0;
      const holdCopies = (store: MemoryObjectStore): void => {
        store.intercept(async ({ operation }) => {
          if (operation !== 'uploadPartCopy') return;
          copying += 1;
          mostCopying = Math.max(mostCopying, copying);
          await new Promise((resolve) => setTimeout(resolve, 5));
          copying -= 1;
        });
      };

      // Act
      const run = await runPipeline(input, 'wide.csv', testConfig({ chunkSize: 5632 * 1024 }), {
        ...(setting === undefined ? {} : { deps: { mergePartConcurrency: setting } }),
        beforeMerge: holdCopies,
      });

      // Assess
      expect(run.status?.state).toBe('succeeded');
      expect(run.store.calls.uploadPartCopy).toBe(6);
      expect(mostCopying).toBe(expected);
      expect(run.output?.equals(Buffer.from(input))).toBe(true);
    },
  );

  it('leaves only the final status in staging after success', async () => {
    const run = await runPipeline('a\n1\n2\n3\n', 's.csv', testConfig({ chunkSize: 2 }));
    expect(run.store.keys('stage').filter((k) => k.startsWith('chunkline/jobs/'))).toEqual([
      `chunkline/jobs/${run.status?.jobId}/status.json`,
    ]);
    expect(run.store.openUploads()).toEqual([]);
  });

  it('reads the final status only once the job has ended', async () => {
    // Prepare
    const config = testConfig({ chunkSize: 2 });
    const store = new MemoryObjectStore();
    store.seed({ bucket: 'in', key: 'wait.csv' }, Buffer.from('a\n1\n2\n'));
    const dispatched = await dispatchObject(
      { store, log: silentLogger, chunkQueue: new MemoryQueue() },
      config,
      { bucket: 'in', key: 'wait.csv' },
    );
    if (dispatched.kind !== 'dispatched') throw new Error(dispatched.kind);
    // Act
    const whileRunning = await readFinalJobStatus(store, config.staging, dispatched.jobId);
    const run = await runPipeline('a\n1\n2\n', 'done.csv', config);
    const ended = await readFinalJobStatus(run.store, config.staging, run.status?.jobId ?? '');
    // Assess
    expect(whileRunning).toBeUndefined();
    expect((await readJobStatus(store, config.staging, dispatched.jobId))?.state).toBe('planned');
    expect(ended).toEqual(run.status);
    expect(ended?.state).toBe('succeeded');
  });

  it('ignores a late duplicate event for a job that has ended', async () => {
    // Prepare
    const run = await runPipeline('a\n1\n2\n', 'late.csv', testConfig({ chunkSize: 2 }));
    const queue = new MemoryQueue();
    // Act
    const outcome = await dispatchObject(
      { store: run.store, log: silentLogger, chunkQueue: queue },
      testConfig({ chunkSize: 2 }),
      {
        bucket: 'in',
        key: 'late.csv',
      },
    );
    // Assess
    expect(outcome.kind).toBe('skipped');
    expect(queue.messages).toEqual([]);
  });
});
