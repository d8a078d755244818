import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '@chunkline/contracts';
import {
  PARQUET_MAGIC,
  ParquetPartEncoder,
  parquetFooter,
  readParquetLayout,
  readParquetRows,
} from '@chunkline/formats';
import type { ParquetColumn } from '@chunkline/formats';
import { buildZip } from '@chunkline/testing';
import { parseMapping } from '@chunkline/transforms';
import { runJob, runPipeline, testConfig } from './helpers/runPipeline.ts';

const CSV = 'id,name,amount\n1,"Ann, A",10.5\n2,Bob,7\n3,"Cy ""C""",0\n';
const ROWS = [
  { id: '1', name: 'Ann, A', amount: '10.5' },
  { id: '2', name: 'Bob', amount: '7' },
  { id: '3', name: 'Cy "C"', amount: '0' },
];
const JSONL = ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('Pipeline (in memory): gzip input', () => {
  it.each([
    { key: 'data.csv.gz', body: CSV, expected: CSV },
    { key: 'data.jsonl.gz', body: JSONL, expected: JSONL },
    { key: 'data.gz', body: JSONL, expected: JSONL },
  ])('streams $key as one chunk into the uncompressed output', async ({ key, body, expected }) => {
    // Act
    const run = await runPipeline(gzipSync(body), key, testConfig());

    // Assess
    expect(run.status?.state).toBe('succeeded');
    expect(run.chunkMessages).toBe(1);
    expect(run.output?.toString('utf8')).toBe(expected);
    expect(run.status?.output.key).toMatch(/\.(csv|jsonl)$/);
  });

  it('fails the job of a truncated gzip object, naming it, with no output', async () => {
    // Prepare
    const whole = gzipSync(CSV.repeat(50));
    const truncated = whole.subarray(0, whole.length - 20);

    // Act
    const run = await runPipeline(truncated, 'cut.csv.gz', testConfig());

    // Assess
    expect(run.status?.state).toBe('failed');
    expect(run.status?.reason).toContain('s3://in/cut.csv.gz');
    expect(run.status?.reason).toMatch(/not a valid gzip stream/);
    expect(run.output).toBeUndefined();
    expect(run.store.keys('out')).toEqual([]);
  });
});

describe('Pipeline (in memory): output formats and compression', () => {
  it.each([
    { format: 'jsonl' as const, expected: JSONL },
    { format: 'csv' as const, expected: CSV },
    {
      format: 'json' as const,
      expected: `[\n${ROWS.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`,
    },
  ])('converts CSV cut into many chunks to $format', async ({ format, expected }) => {
    // Act
    const run = await runPipeline(
      CSV,
      'in.csv',
      testConfig({ chunkSize: 9, outputFormat: format }),
    );

    // Assess
    expect(run.chunkMessages).toBeGreaterThan(3);
    expect(run.output?.toString('utf8')).toBe(expected);
    expect(run.status?.output.key.endsWith(`.${format}`)).toBe(true);
  });

  it('converts JSON Lines to CSV with the columns of the first records, nested values as JSON', async () => {
    // Prepare
    const input = '{"a":1,"b":{"x":[1,2]},"c":true}\n{"a":2.5,"c":null}\n{"a":3,"d":"dropped"}\n';

    // Act
    const run = await runPipeline(input, 'n.jsonl', testConfig({ outputFormat: 'csv' }));

    // Assess
    expect(run.output?.toString('utf8')).toBe(
      'a,b,c,d\n1,"{""x"":[1,2]}",true,\n2.5,,,\n3,,,dropped\n',
    );
  });

  it('writes a valid empty JSON array when the filter keeps no rows', async () => {
    // Prepare
    const mapping = parseMapping({ version: 1, filter: { field: 'id', op: 'eq', value: 'none' } });

    // Act
    const run = await runPipeline(
      CSV,
      'none.csv',
      testConfig({ chunkSize: 9, outputFormat: 'json', mapping }),
    );

    // Assess
    expect(JSON.parse(run.output?.toString('utf8') ?? '')).toEqual([]);
  });

  it('opens a JSON array with the first non-empty part even when earlier chunks keep no rows', async () => {
    // Prepare: only the last record passes the filter.
    const mapping = parseMapping({ version: 1, filter: { field: 'id', op: 'eq', value: '3' } });

    // Act
    const run = await runPipeline(
      CSV,
      'late.csv',
      testConfig({ chunkSize: 9, outputFormat: 'json', mapping }),
    );

    // Assess
    expect(JSON.parse(run.output?.toString('utf8') ?? '')).toEqual([ROWS[2]]);
  });

  it.each([
    { format: 'csv' as const, expected: CSV },
    {
      format: 'json' as const,
      expected: `[\n${ROWS.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`,
    },
  ])(
    'gzips $format output as concatenated members that gunzip reads as one stream',
    async ({ format, expected }) => {
      // Act
      const run = await runPipeline(
        CSV,
        'z.csv',
        testConfig({ chunkSize: 9, outputFormat: format, outputCompression: 'gzip' }),
      );

      // Assess
      const output = run.output ?? Buffer.alloc(0);
      expect(output.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(gunzipSync(output).toString('utf8')).toBe(expected);
      expect(run.status?.output.key.endsWith(`.${format}.gz`)).toBe(true);
    },
  );
});

describe('Pipeline (in memory): prefix jobs', () => {
  it('merges every object under a prefix, in key order, into one output with one header', async () => {
    // Prepare
    const objects = {
      'p/2.csv': 'id,v\n3,c\n4,d\n',
      'p/1.csv.gz': gzipSync('v,id\nb,2\na,1\n'),
      'p/sub/': '',
      'other/9.csv': 'id,v\n9,z\n',
    };

    // Act
    const run = await runJob(
      objects,
      { bucket: 'in', key: 'p/', prefix: true },
      testConfig({ chunkSize: 4, outputFormat: 'jsonl' }),
    );

    // Assess
    expect(run.status?.state).toBe('succeeded');
    const rows = (run.output?.toString('utf8') ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { v: 'b', id: '2' },
      { v: 'a', id: '1' },
      { id: '3', v: 'c' },
      { id: '4', v: 'd' },
    ]);
    expect(run.status?.objects?.map((o) => o.key)).toEqual(['p/1.csv.gz', 'p/2.csv']);
    expect(run.status?.objects?.every((o) => o.chunks.done === o.chunks.total)).toBe(true);
  });

  it('writes CSV of a prefix whose objects order their columns differently, under the job header', async () => {
    // Prepare: the second object's columns are in another order than the job's
    const objects = { 'p/1.csv': 'v,id\nb,2\na,1\n', 'p/2.csv': 'id,v\n3,c\n4,d\n' };
    const mapping = parseMapping({ version: 1, fields: { v: { op: 'mask', keep: 0 } } });

    // Act
    const run = await runJob(
      objects,
      { bucket: 'in', key: 'p/', prefix: true },
      testConfig({ chunkSize: 4, mapping }),
    );

    // Assess
    expect(run.status?.state).toBe('succeeded');
    expect(run.output?.toString('utf8')).toBe('v,id\n*,2\n*,1\n*,3\n*,4\n');
  });

  it.each([
    {
      problem: 'no objects',
      objects: { 'q/other.csv': 'a\n1\n' },
      reason: /the prefix s3:\/\/in\/p\/ holds no objects/,
    },
    {
      problem: 'mixed formats',
      objects: { 'p/a.csv': 'a\n1\n', 'p/b.jsonl': '{"a":1}\n' },
      reason:
        /mixed formats: s3:\/\/in\/p\/a.csv holds csv records but s3:\/\/in\/p\/b.jsonl holds jsonl/,
    },
    {
      problem: 'CSV objects with other columns than the first',
      objects: { 'p/a.csv': 'a,b\n1,2\n', 'p/b.csv': 'b,a\n1,2\n', 'p/c.csv': 'a,c\n1,2\n' },
      reason: /s3:\/\/in\/p\/c.csv: its columns \(a, c\) differ from the job's \(a, b\)/,
    },
    {
      problem: 'an object whose magic bytes contradict its extension',
      objects: { 'p/a.csv': gzipSync('a\n1\n') },
      reason:
        /"p\/a.csv" is gzip \(1f 8b\) by its magic bytes, which contradicts its .csv extension/,
    },
  ])(
    'fails a prefix job with $problem, saying why, with no output',
    async ({ objects, reason }) => {
      // Act
      const run = await runJob(objects, { bucket: 'in', key: 'p/', prefix: true }, testConfig());

      // Assess
      expect(run.status?.state).toBe('failed');
      expect(run.status?.reason).toMatch(reason);
      expect(run.store.keys('out')).toEqual([]);
    },
  );

  it('fails a prefix job whose CSV objects have different columns, naming the object', async () => {
    // Act
    const run = await runJob(
      { 'p/a.csv': 'a,b\n1,2\n', 'p/b.csv.gz': gzipSync('a,c\n1,2\n') },
      { bucket: 'in', key: 'p/', prefix: true },
      testConfig(),
    );

    // Assess
    expect(run.status?.state).toBe('failed');
    expect(run.status?.errors[0]?.object).toBe('p/b.csv.gz');
    expect(run.status?.errors[0]?.message).toMatch(
      /columns \(a, c\) differ from the job's \(a, b\)/,
    );
    expect(run.store.keys('out')).toEqual([]);
  });
});

/** A Parquet file of `rows`, `perGroup` rows per row group, written by the formats lib. */
function parquetFile(columns: ParquetColumn[], rows: Row[], perGroup: number): Buffer {
  const encoder = new ParquetPartEncoder(columns, { rowGroupRows: perGroup });
  const body = Buffer.concat([encoder.encode(rows), encoder.finish()]);
  const footer = parquetFooter(columns, [{ offset: 4, description: encoder.description() }]);
  return Buffer.concat([PARQUET_MAGIC, body, footer]);
}

/** Every row of a Parquet file in memory. */
async function parquetRows(file: Buffer): Promise<Row[]> {
  const read = async ({ start, end }: { start: number; end: number }) => file.subarray(start, end);
  const layout = await readParquetLayout(read, file.length);
  const rows: Row[] = [];
  for await (const batch of readParquetRows(read, file.length, {
    first: 0,
    count: layout.rowGroups.length,
  }))
    rows.push(...batch);
  return rows;
}

describe('Pipeline (in memory): Parquet', () => {
  const columns: ParquetColumn[] = [
    { name: 'id', type: 'int64' },
    { name: 'name', type: 'string' },
    { name: 'score', type: 'double' },
    { name: 'ok', type: 'boolean' },
  ];
  const rows: Row[] = Array.from({ length: 250 }, (_, i) => ({
    id: i,
    name: i % 7 === 0 ? null : `n${i}, "q"`,
    score: i / 4,
    ok: i % 2 === 0,
  }));

  it('plans groups of row groups from the footer and converts them to JSON Lines in order', async () => {
    // Act
    const run = await runPipeline(
      parquetFile(columns, rows, 20),
      'p.parquet',
      testConfig({ chunkSize: 300, outputFormat: 'jsonl' }),
    );

    // Assess
    expect(run.status?.state).toBe('succeeded');
    expect(run.chunkMessages).toBeGreaterThan(3);
    expect(parseLines(run.output)).toEqual(rows);
  });

  it('preserves Parquet as one valid Parquet file with the source types, transformed fields as strings', async () => {
    // Prepare
    const mapping = parseMapping({ version: 1, fields: { name: { op: 'hash' } } });

    // Act
    const run = await runPipeline(
      parquetFile(columns, rows, 20),
      'p.parquet',
      testConfig({ chunkSize: 300, mapping }),
    );

    // Assess
    const output = run.output ?? Buffer.alloc(0);
    expect(run.status?.output.key.endsWith('.parquet')).toBe(true);
    const read = async ({ start, end }: { start: number; end: number }) =>
      output.subarray(start, end);
    expect((await readParquetLayout(read, output.length)).columns).toEqual([
      { name: 'id', type: 'int64' },
      { name: 'name', type: 'string' },
      { name: 'score', type: 'double' },
      { name: 'ok', type: 'boolean' },
    ]);
    const back = await parquetRows(output);
    expect(back.map((r) => r['id'])).toEqual(rows.map((r) => r['id']));
    expect(back[1]?.['name']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('converts CSV cut into many chunks into one Parquet file of string columns', async () => {
    // Act
    const run = await runPipeline(
      CSV,
      'in.csv',
      testConfig({ chunkSize: 9, outputFormat: 'parquet' }),
    );

    // Assess
    expect(run.chunkMessages).toBeGreaterThan(3);
    expect(await parquetRows(run.output ?? Buffer.alloc(0))).toEqual(ROWS);
  });

  it('fails the job of a Parquet object with a corrupt footer, naming it, with no output', async () => {
    // Prepare: the footer length points before the start of the file.
    const file = parquetFile(columns, rows, 50);
    file.writeUInt32LE(file.length * 2, file.length - 8);

    // Act
    const run = await runPipeline(file, 'bad.parquet', testConfig());

    // Assess
    expect(run.status?.state).toBe('failed');
    expect(run.status?.reason).toMatch(/CorruptParquet/);
    expect(run.status?.reason).toContain('bad.parquet');
    expect(run.store.keys('out')).toEqual([]);
  });
});

function parseLines(output: Buffer | undefined): Row[] {
  return (output?.toString('utf8') ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row);
}

describe('Pipeline (in memory): JSON arrays', () => {
  const tricky = fc.constantFrom(
    '}, {',
    '},{',
    '[',
    ']',
    '\\"',
    '\\\\',
    '"',
    'é日本',
    '{"a":[1,2]}',
    ',\n',
  );
  const value = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 5 }),
    tricky,
  );
  const element = fc.dictionary(
    fc.constantFrom('id', 'text', 'nested', 'list'),
    fc.oneof(
      value,
      fc.array(value, { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('x', 'y'), value),
    ),
    { minKeys: 1 },
  );

  it('gives the unsplit parse for random arrays cut into tiny chunks, delivered shuffled (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(element, { maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (elements, pretty, chunkSize, seed) => {
          // Prepare
          const input = pretty ? JSON.stringify(elements, null, 2) : JSON.stringify(elements);
          let state = seed;
          const shuffle = (n: number): number =>
            (state = (state * 1103515245 + 12345) % 2 ** 31) % n;

          // Act
          const run = await runPipeline(
            `\n${input}\n`,
            'a.json',
            testConfig({ chunkSize, outputFormat: 'jsonl' }),
            { shuffle },
          );

          // Assess
          expect(run.status?.state).toBe('succeeded');
          expect(parseLines(run.output)).toEqual(elements);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('preserves a JSON array as one valid array, and reads one inside gzip', async () => {
    // Prepare
    const elements = Array.from({ length: 30 }, (_, i) => ({ i, s: `x}, {"y":${i}]` }));
    const input = JSON.stringify(elements, null, 1);

    // Act
    const plain = await runPipeline(input, 'p.json', testConfig({ chunkSize: 40 }));
    const gzipped = await runPipeline(gzipSync(input), 'p.json.gz', testConfig());

    // Assess
    expect(plain.chunkMessages).toBeGreaterThan(10);
    expect(JSON.parse(plain.output?.toString('utf8') ?? '')).toEqual(elements);
    expect(JSON.parse(gzipped.output?.toString('utf8') ?? '')).toEqual(elements);
  });

  it('fails the job of an array that never closes, naming the object and the offset', async () => {
    // Act
    const run = await runPipeline(
      '[{"a":1},{"a":2},{"a":3',
      'open.json',
      testConfig({ chunkSize: 8 }),
    );

    // Assess
    expect(run.status?.state).toBe('failed');
    const error = run.status?.errors[0];
    expect(error?.message).toContain('s3://in/open.json');
    expect(error?.message).toMatch(
      /ends at byte offset 23 at depth 2, before the array's closing ]/,
    );
    expect(run.store.keys('out')).toEqual([]);
  });
});

describe('Pipeline (in memory): ZIP archives', () => {
  const part = (id: number): string =>
    `id,name,amount\n${id},"n${id}, x",${id * 3}\n${id + 1},m${id},1\n`;

  it('processes the data entries of an archive (stored, deflated, ZIP64, data descriptors) into one output', async () => {
    // Prepare
    const archive = await buildZip([
      { name: 'a.csv', data: part(1), compress: false },
      { name: 'docs/README.txt', data: 'not data' },
      { name: 'b.csv', data: part(3), stream: true },
      { name: 'dir', directory: true },
      { name: 'c.csv', data: part(5), zip64: true },
    ]);

    // Act
    const run = await runPipeline(
      Buffer.from(archive),
      'in.zip',
      testConfig({ chunkSize: 64 * 1024 }),
    );

    // Assess
    expect(run.status?.state).toBe('succeeded');
    expect(run.output?.toString('utf8')).toBe(
      `id,name,amount\n${[1, 3, 5].map((i) => part(i).split('\n').slice(1).join('\n')).join('')}`,
    );
  });

  it('gives one chunk per large entry and reads only the entries and the directory, never the whole archive', async () => {
    // Prepare: three big entries, and a big entry in no data format that must not be read.
    const big = (seed: number): string =>
      'id,v\n' +
      Array.from({ length: 3000 }, (_, i) => `${seed + i},${(seed * i) % 9973}`).join('\n') +
      '\n';
    const noise = Buffer.alloc(400_000, 7);
    const archive = Buffer.from(
      await buildZip([
        { name: '1.csv', data: big(1), compress: false },
        { name: 'image.bin', data: noise, compress: false },
        { name: '2.csv', data: big(2), compress: false },
        { name: '3.csv', data: big(3), compress: false },
      ]),
    );

    // Act
    const run = await runPipeline(archive, 'big.zip', testConfig({ chunkSize: 10_000 }));

    // Assess
    expect(run.status?.state).toBe('succeeded');
    expect(run.chunkMessages).toBe(3);
    const fetched = run.store.log
      .filter(
        (c) =>
          c.ref?.bucket === 'in' && (c.operation === 'getBytes' || c.operation === 'getStream'),
      )
      .map((c) => (c.args[1] as { range?: { start: number; end: number } }).range)
      .reduce((sum, r) => sum + (r ? r.end - r.start : archive.length), 0);
    expect(fetched).toBeLessThan(archive.length - noise.length + 200_000);
    expect(run.output?.toString('utf8').split('\n').length).toBe(1 + 3 * 3000 + 1);
  });

  it.each([
    {
      problem: 'an entry with a bad CRC',
      make: async () => {
        const archive = Buffer.from(
          await buildZip([{ name: 'a.csv', data: part(1), compress: false }]),
        );
        archive[40] = (archive[40] ?? 0) ^ 0xff; // a byte of the stored data
        return archive;
      },
      reason: /entry a\.csv.*CRC/,
    },
  ])(
    'fails the job of an archive with $problem, naming the entry, with no output',
    async ({ make, reason }) => {
      // Act
      const run = await runPipeline(await make(), 'bad.zip', testConfig());

      // Assess
      expect(run.status?.state).toBe('failed');
      expect(run.status?.errors[0]?.message ?? '').toMatch(reason);
      expect(run.store.keys('out')).toEqual([]);
    },
  );

  it.each([
    {
      problem: 'an encrypted entry',
      patch: (a: Buffer, at: number) => a.writeUInt16LE(1, at + 8),
      reason: /encrypted/i,
    },
    {
      problem: 'an unsupported compression method',
      patch: (a: Buffer, at: number) => a.writeUInt16LE(12, at + 10),
      reason: /method 12 \(bzip2\)/,
    },
  ])('fails at planning an archive with $problem, naming the entry', async ({ patch, reason }) => {
    // Prepare: patch the entry's central directory record.
    const archive = Buffer.from(
      await buildZip([{ name: 'a.csv', data: part(1), compress: false }]),
    );
    patch(archive, archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));

    // Act
    const run = await runPipeline(archive, 'locked.zip', testConfig());

    // Assess
    expect(run.status?.state).toBe('failed');
    expect(run.status?.reason).toMatch(reason);
    expect(run.status?.reason).toContain('a.csv');
    expect(run.store.keys('out')).toEqual([]);
  });
});
