import { describe, expect, it } from 'vitest';
import { decodeRecords, FormatError, REJECT_RAW_LIMIT } from '../src/index.ts';
import type { DecodeRecordsOptions } from '../src/index.ts';
import { sourceOf, utf8 } from './helpers/bytes.ts';
import { decodeAll } from './helpers/oracle.ts';

const csv = { format: 'csv', columns: ['a', 'b'] } as const;

describe('Function: decodeRecords', () => {
  it('decodes CSV rows as strings: quoted newlines, escaped quotes, CRLF, blank lines', async () => {
    // Prepare
    const owned = utf8('1,"x\r\ny"\r\n\r\n"2","say ""hi"""\n\n3,\n');
    // Act
    const { rows } = await decodeAll(owned, csv);
    // Assess
    expect(rows).toEqual([
      { a: '1', b: 'x\r\ny' },
      { a: '2', b: 'say "hi"' },
      { a: '3', b: '' },
    ]);
  });

  it.each([
    {
      name: 'a bad closing quote',
      input: '1,2\n3,"4"x\n5,6\n',
      reject: {
        line: 2,
        offset: 104,
        raw: '3,"4"x',
        reason: 'Invalid Closing Quote: got a character instead of delimiter',
      },
      rows: [
        { a: '1', b: '2' },
        { a: '5', b: '6' },
      ],
    },
    {
      name: 'too many fields',
      input: '1,2\r\n3,4,5\r\n6,7\r\n',
      reject: {
        line: 2,
        offset: 105,
        raw: '3,4,5',
        reason: 'Invalid Record Length: columns length is 2, got 3',
      },
      rows: [
        { a: '1', b: '2' },
        { a: '6', b: '7' },
      ],
    },
    {
      name: 'too few fields, after a record spanning lines',
      input: '1,"a\nb\nc"\n3\n4,5',
      reject: {
        line: 4,
        offset: 110,
        raw: '3',
        reason: 'Invalid Record Length: columns length is 2, got 1',
      },
      rows: [
        { a: '1', b: 'a\nb\nc' },
        { a: '4', b: '5' },
      ],
    },
    {
      name: 'an unclosed quote at the end',
      input: '1,2\n"3,4\n',
      reject: { line: 2, offset: 104, raw: '"3,4', reason: 'Quote Not Closed' },
      rows: [{ a: '1', b: '2' }],
    },
    {
      name: 'a stray quote, which swallows the rest of the chunk into its record',
      input: '1,a"b\n2,3\n',
      reject: { line: 1, offset: 100, raw: '1,a"b\n2,3', reason: 'Invalid Opening Quote' },
      rows: [],
    },
  ])(
    'rejects $name with its line and offset, and resumes after it',
    async ({ input, reject, rows }) => {
      // Prepare
      const owned = utf8(input);
      for (const pieces of [
        { kind: 'whole' },
        { kind: 'random', seed: 1 },
        { kind: 'fixed', size: 1 },
      ] as const) {
        // Act
        const decoded = await decodeAll(owned, {
          ...csv,
          ownedStart: 100,
          onBadRecord: 'skip',
          pieces,
        });
        // Assess
        const rejects = decoded.batches.flatMap((batch) => batch.rejects);
        expect(rejects).toEqual([{ ...reject, reason: expect.stringContaining(reject.reason) }]);
        expect(rejects[0]?.reason).not.toMatch(/line \d/);
        expect(decoded.rows).toEqual(rows);
      }
    },
  );

  it('throws BadRecord with line and offset at the first bad record under "fail"', async () => {
    // Prepare
    const owned = utf8('1,2\n3,4\n5,6,7\n8,"9"x\n');
    // Act
    const act = decodeAll(owned, { ...csv, ownedStart: 1000, onBadRecord: 'fail' });
    // Assess
    await expect(act).rejects.toThrow(FormatError);
    await expect(act).rejects.toMatchObject({
      code: 'BadRecord',
      line: 3,
      offset: 1008,
      message: expect.stringMatching(
        /CSV record at line 3 \(byte offset 1008\) is malformed: Invalid Record Length/,
      ),
    });
  });

  it.each([
    {
      format: 'csv',
      input: 'é,日本\n😀,"a\nü"\n',
      expected: [
        { a: 'é', b: '日本' },
        { a: '😀', b: 'a\nü' },
      ],
    },
    {
      format: 'jsonl',
      input: '{"a":"é日本"}\n{"b":"😀ü"}\n',
      expected: [{ a: 'é日本' }, { b: '😀ü' }],
    },
  ] as const)(
    'decodes $format multi-byte characters split across 1-byte buffers',
    async ({ format, input, expected }) => {
      // Act
      const { rows } = await decodeAll(utf8(input), {
        ...csv,
        format,
        pieces: { kind: 'fixed', size: 1 },
      });
      // Assess
      expect(rows).toEqual(expected);
    },
  );

  it('yields batches of at most batchSize rows and rejects', async () => {
    // Prepare
    const owned = utf8('1,1\n2,2\nbad\n3,3\n4,4\n5,5\n');
    // Act
    const { batches } = await decodeAll(owned, {
      ...csv,
      batchSize: 2,
      onBadRecord: 'skip',
      pieces: { kind: 'random', seed: 4 },
    });
    // Assess
    expect(batches.map((batch) => batch.rows.length + batch.rejects.length)).toEqual([2, 2, 2]);
    expect(batches.flatMap((batch) => batch.rows.map((row) => row['a']))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('yields nothing for no bytes', async () => {
    // Act
    const { batches } = await decodeAll(new Uint8Array(0), csv);
    // Assess
    expect(batches).toEqual([]);
  });

  it('reads ownedStart lazily when given a function', async () => {
    // Prepare
    let ownedStart = 0;
    const batches = decodeRecords(sourceOf(utf8('{"a":1}\nnope\n')), {
      format: 'jsonl',
      ownedStart: () => ownedStart,
      onBadRecord: 'skip',
    });
    ownedStart = 500;
    // Act
    const rejects = [];
    for await (const batch of batches) rejects.push(...batch.rejects);
    // Assess
    expect(rejects).toMatchObject([{ line: 2, offset: 508 }]);
  });

  it('keeps at most REJECT_RAW_LIMIT bytes of a huge bad record', async () => {
    // Prepare
    const owned = utf8(`1,2\n"${'x'.repeat(REJECT_RAW_LIMIT + 100)}\n`);
    // Act
    const { batches } = await decodeAll(owned, {
      ...csv,
      onBadRecord: 'skip',
      pieces: { kind: 'fixed', size: 7 },
    });
    // Assess
    const rejects = batches.flatMap((batch) => batch.rejects);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.raw.length).toBe(REJECT_RAW_LIMIT);
  });

  it.each([
    { name: 'CSV without columns', options: { format: 'csv' }, message: 'pass options.columns' },
    {
      name: 'a zero batch size',
      options: { format: 'jsonl', batchSize: 0 },
      message: 'batchSize must be a positive integer',
    },
    {
      name: 'a newline delimiter',
      options: { ...csv, delimiter: '\n' },
      message: 'is not supported',
    },
  ])('rejects $name with InvalidOptions', async ({ options, message }) => {
    // Prepare
    const full = { ownedStart: 0, onBadRecord: 'fail', ...options } as DecodeRecordsOptions;
    // Act
    const act = async () => {
      for await (const _ of decodeRecords(sourceOf(utf8('1,2\n')), full));
    };
    // Assess
    await expect(act()).rejects.toMatchObject({
      code: 'InvalidOptions',
      message: expect.stringContaining(message),
    });
  });
});
