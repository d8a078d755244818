import { describe, expect, it } from 'vitest';
import { FormatError, RecordCutter, readOffset } from '../src/index.ts';
import type { RecordCutterOptions } from '../src/index.ts';
import { collect, meteredSource, sourceOf, text, utf8 } from './helpers/bytes.ts';
import { csvObject, cut } from './helpers/cutter.ts';

describe('Function: readOffset', () => {
  it.each([
    { start: 6, dataStart: 6, expected: 6 },
    { start: 7, dataStart: 6, expected: 6 },
    { start: 100, dataStart: 0, expected: 99 },
    { start: 0, dataStart: 0, expected: 0 },
  ])('is $expected for start $start and dataStart $dataStart', ({ start, dataStart, expected }) => {
    // Act
    const offset = readOffset({ start, dataStart });
    // Assess
    expect(offset).toBe(expected);
  });
});

describe('Class: RecordCutter', () => {
  it.each([
    { name: 'at a record start', start: 6, end: 10, owned: '1,2\n' },
    { name: 'mid-record', start: 7, end: 12, owned: '3,4\n' },
    { name: 'right after a newline', start: 10, end: 11, owned: '3,4\n' },
    { name: 'across several records', start: 8, end: 15, owned: '3,4\n5,6' },
    { name: 'through the last record without newline', start: 14, end: 17, owned: '5,6' },
    { name: 'past the object end', start: 14, end: 99, owned: '5,6' },
  ])('owns the records starting in [start, end) $name', async ({ start, end, owned }) => {
    // Prepare
    const { bytes, base } = csvObject('1,2\n3,4\n5,6');
    // Act
    const cutResult = await cut(bytes, { ...base, start, end });
    // Assess
    expect(cutResult.owned).toBe(owned);
  });

  it('yields nothing and reads nothing when start === end', async () => {
    // Prepare
    const { bytes, base } = csvObject('1,2\n3,4\n');
    const cutter = new RecordCutter({ ...base, start: 8, end: 8 });
    const { source, meter } = meteredSource(bytes, 7, { kind: 'whole' });
    // Act
    const owned = await collect(cutter.cut(source));
    // Assess
    expect(owned.length).toBe(0);
    expect(meter.pulled).toBe(0);
    expect(cutter.result).toMatchObject({ ownedStart: 8, ownedEnd: 8, quoteParity: 0 });
  });

  it('owns nothing when the chunk lies inside one huge quoted record', async () => {
    // Prepare: the quoted field runs from offset 8 to 47.
    const { bytes, base } = csvObject(`1,"${'a\n'.repeat(20)}"\n2,3\n`);
    // Act
    const { owned, result } = await cut(bytes, {
      ...base,
      start: 12,
      end: 30,
      startState: 'inside',
    });
    // Assess
    expect(owned).toBe('');
    expect(result).toEqual({
      startState: 'inside',
      how: 'given',
      quoteParity: 0,
      ownedStart: 12,
      ownedEnd: 12,
    });
  });

  it('keeps a record that runs far beyond end, including its CRLF terminator', async () => {
    // Prepare
    const { bytes, base } = csvObject(`1,"${'x\r\n'.repeat(30)}"\r\n2,3\r\n`);
    // Act
    const { owned, result } = await cut(bytes, { ...base, start: 6, end: 9 });
    // Assess
    expect(owned).toBe(`1,"${'x\r\n'.repeat(30)}"\r\n`);
    expect(result.quoteParity).toBe(1);
  });

  it('stops pulling once its last record is complete, and hands the source back', async () => {
    // Prepare
    const { bytes, base } = csvObject('1,2\n3,4\n5,6\n7,8\n9,10\n');
    const cutter = new RecordCutter({ ...base, start: 11, end: 15, startState: 'outside' });
    const { source, meter } = meteredSource(bytes, 10, { kind: 'random', seed: 3 });
    // Act
    const owned = await collect(cutter.cut(source));
    // Assess
    expect(text(owned)).toBe('5,6\n');
    const stopAt = cutter.result.ownedEnd - readOffset({ start: 11, dataStart: 6 });
    expect(meter.pulled).toBeGreaterThanOrEqual(stopAt);
    expect(meter.pulled - meter.lastSize).toBeLessThan(stopAt);
    expect(meter.returned).toBe(true);
  });

  it('cuts JSON Lines on every newline, quotes notwithstanding', async () => {
    // Prepare
    const bytes = utf8('{"a":"x\\"y"}\n{"a":"日本"}\r\n\n{"a":3}');
    const options = { format: 'jsonl', dataStart: 0, objectSize: bytes.length } as const;
    // Act
    const { owned, result } = await cut(bytes, { ...options, start: 1, end: 15 });
    // Assess
    expect(owned).toBe('{"a":"日本"}\r\n');
    expect(result).toEqual({
      startState: 'outside',
      how: 'inferred',
      quoteParity: 0,
      ownedStart: 13,
      ownedEnd: 29,
    });
  });

  it('tells the first owned offset while cutting', async () => {
    // Prepare
    const { bytes, base } = csvObject('1,2\n3,4\n');
    const cutter = new RecordCutter({ ...base, start: 7, end: 12, startState: 'outside' });
    const seen: Array<number | undefined> = [cutter.ownedStart];
    // Act
    for await (const _ of cutter.cut(sourceOf(bytes, 6))) seen.push(cutter.ownedStart);
    // Assess
    expect(seen).toEqual([undefined, 10]);
  });

  it('throws SourceEnded when the source stops before the last record ends', async () => {
    // Prepare
    const { bytes, base } = csvObject('1,2\n3,4\n');
    const cutter = new RecordCutter({ ...base, start: 6, end: 8, startState: 'outside' });
    // Act
    const act = collect(cutter.cut(sourceOf(bytes.subarray(0, 8), 6)));
    // Assess
    await expect(act).rejects.toThrow(expect.objectContaining({ code: 'SourceEnded', offset: 8 }));
  });

  it('refuses to give a result before the cut finished, or to cut twice', async () => {
    // Prepare
    const { bytes, base } = csvObject('1,2\n');
    const cutter = new RecordCutter({ ...base, start: 6, end: 10 });
    // Act
    const early = (() => {
      try {
        return cutter.result;
      } catch (error) {
        return error;
      }
    })();
    await collect(cutter.cut(sourceOf(bytes, 6)));
    const again = collect(cutter.cut(sourceOf(bytes, 6)));
    // Assess
    expect(early).toMatchObject({ code: 'Misuse' });
    await expect(again).rejects.toThrow(expect.objectContaining({ code: 'Misuse' }));
  });

  it.each([
    { name: 'start before dataStart', change: { start: 2 }, message: 'before dataStart' },
    { name: 'end before start', change: { start: 8, end: 7 }, message: 'end 7 is before start 8' },
    {
      name: 'a negative offset',
      change: { end: -1 },
      message: 'end must be a non-negative integer',
    },
    { name: 'a fractional size', change: { objectSize: 10.5 }, message: 'objectSize must be' },
    {
      name: 'dataStart past the object',
      change: { dataStart: 30, start: 30, end: 30 },
      message: 'exceeds objectSize',
    },
    {
      name: 'a zero window',
      change: { inferenceWindow: 0 },
      message: 'inferenceWindow must be a positive integer',
    },
    {
      name: 'a two-character delimiter',
      change: { delimiter: '::' },
      message: 'delimiter "::" is not supported',
    },
  ])('rejects $name with InvalidOptions', ({ change, message }) => {
    // Prepare
    const options: RecordCutterOptions = {
      format: 'csv',
      dataStart: 6,
      objectSize: 20,
      start: 6,
      end: 10,
      ...change,
    };
    // Act
    const act = () => new RecordCutter(options);
    // Assess
    expect(act).toThrow(FormatError);
    expect(act).toThrow(message);
  });
});
