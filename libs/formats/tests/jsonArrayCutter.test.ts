import { describe, expect, it } from 'vitest';
import {
  FormatError,
  JSON_ARRAY_START_STATE,
  JsonArrayCutter,
  jsonArrayStart,
  jsonReadOffset,
  resolveJsonChain,
} from '../src/index.ts';
import type { JsonState } from '../src/index.ts';
import { collect, meteredSource, text, utf8 } from './helpers/bytes.ts';
import { cutJson, cutJsonChain, decodeJson, trueJsonState } from './helpers/jsonArray.ts';

const at = (depth: number, inString = false, escaped = false): JsonState => ({
  inString,
  escaped,
  depth,
});

/** An object with its `dataStart`. */
function arrayOf(source: string) {
  const bytes = utf8(source);
  return { bytes, dataStart: jsonArrayStart(bytes) };
}

describe('Function: jsonArrayStart', () => {
  it.each([
    { name: 'a bare [', source: '[{"a":1}]', expected: 1 },
    { name: 'whitespace before [', source: ' \r\n\t[]', expected: 5 },
    { name: 'a BOM and whitespace', source: '\uFEFF  [ ]', expected: 6 },
  ])('is just after the [ for $name', ({ source, expected }) => {
    // Act
    const dataStart = jsonArrayStart(utf8(source));
    // Assess
    expect(dataStart).toBe(expected);
  });

  it.each([
    { name: 'an object', source: ' {"a":1}', offset: 1 },
    { name: 'blank bytes', source: '   ', offset: 3 },
  ])('throws NotAnArray for $name, naming the offset', ({ source, offset }) => {
    // Act
    const act = () => jsonArrayStart(utf8(source));
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'NotAnArray', offset }));
  });
});

describe('Class: JsonArrayCutter', () => {
  it.each([
    { name: '[]', source: '[]' },
    { name: '[ ]', source: '[ ]' },
    { name: 'a BOM and whitespace around []', source: '\uFEFF \n[ \n ] \n' },
  ])('owns nothing in $name', async ({ source }) => {
    // Prepare
    const object = arrayOf(source);
    // Act
    const { owned, result } = await cutJson(object, object.dataStart, object.bytes.length);
    // Assess
    expect(text(owned)).toBe('');
    expect(result.endState).toEqual(at(0));
  });

  it.each([
    { name: 'from the first element', start: 1, end: 11, owned: '{"a":1}, {"b":"}, {"}' },
    { name: 'mid-element', start: 3, end: 12, owned: '{"b":"}, {"}' },
    { name: 'inside a string holding }, {', start: 17, end: 30, owned: '{"c":[1,{"d":2}]}' },
    { name: 'through the closing ]', start: 23, end: 99, owned: '{"c":[1,{"d":2}]}' },
  ])('owns the elements starting in [start, end) $name', async ({ start, end, owned }) => {
    // Prepare
    const object = arrayOf('[{"a":1}, {"b":"}, {"},{"c":[1,{"d":2}]}]');
    // Act
    const cut = await cutJson(object, start, end, {
      pieces: { kind: 'random', seed: 3 },
      startState: trueJsonState(object.bytes, object.dataStart, start),
    });
    // Assess
    expect(text(cut.owned)).toBe(owned);
  });

  it('lets one element span many chunks, owned by the chunk where it starts', async () => {
    // Prepare
    const big = `{"k":"${'x}, {'.repeat(50)}"}`;
    const object = arrayOf(`[${big},{"z":1}]`);
    const size = object.bytes.length;
    const splits = [1, 2, 20, 40, 60, 80, 100, 150, 200];
    const ranges = splits.map((start, i): [number, number] => [start, splits[i + 1] ?? size]);
    // Act
    const { chunks, reruns } = await cutJsonChain(object, ranges);
    // Assess
    expect(text(chunks[0]?.owned ?? new Uint8Array())).toBe(big);
    expect(chunks.slice(1, -1).every((chunk) => chunk.owned.length === 0)).toBe(true);
    expect(text(chunks.at(-1)?.owned ?? new Uint8Array())).toBe('{"z":1}');
    expect(reruns).toBe(0);
  });

  it('owns nothing, and reads only its range, when it lies inside one element', async () => {
    // Prepare
    const object = arrayOf(`[{"k":"${'a'.repeat(100)}"},{"z":1}]`);
    const cutter = new JsonArrayCutter({
      start: 20,
      end: 40,
      dataStart: 1,
      objectSize: object.bytes.length,
      startState: at(2, true),
    });
    const { source, meter } = meteredSource(object.bytes, 19, { kind: 'fixed', size: 5 });
    // Act
    const owned = await collect(cutter.cut(source));
    // Assess
    expect(owned.length).toBe(0);
    expect(cutter.result).toMatchObject({ ownedStart: 20, ownedEnd: 20, endState: at(2, true) });
    expect(meter.pulled).toBe(25);
    expect(meter.returned).toBe(true);
  });

  it('stops pulling its source once the last owned element is complete', async () => {
    // Prepare
    const object = arrayOf(`[{"a":1},{"b":2},${'{"c":3},'.repeat(100)}{"d":4}]`);
    const cutter = new JsonArrayCutter({
      start: 1,
      end: 3,
      dataStart: 1,
      objectSize: object.bytes.length,
    });
    const { source, meter } = meteredSource(object.bytes, 1, { kind: 'fixed', size: 4 });
    // Act
    const owned = await collect(cutter.cut(source));
    // Assess
    expect(text(owned)).toBe('{"a":1}');
    expect(meter.pulled).toBeLessThan(16);
    expect(meter.returned).toBe(true);
  });

  it.each([
    { name: 'an escaped quote', source: '[{"a":"x\\"},{"},{"b":1}]', splits: [8, 9, 10] },
    {
      name: 'an escaped backslash',
      source: '[{"a":"x\\\\"},{"b":"\\\\\\\\"}]',
      splits: [8, 9, 10, 20],
    },
  ])('handles $name at a chunk boundary', async ({ source, splits }) => {
    // Prepare
    const object = arrayOf(source);
    for (const split of splits) {
      const ranges: Array<[number, number]> = [
        [1, split],
        [split, object.bytes.length],
      ];
      // Act
      const { chunks } = await cutJsonChain(object, ranges, { pieces: { kind: 'fixed', size: 1 } });
      const rows: unknown[] = [];
      for (const chunk of chunks) rows.push(...(await decodeJson(chunk.owned)).rows);
      // Assess
      expect(rows).toEqual(JSON.parse(source));
    }
  });

  it.each([
    { name: 'given', start: 10, startState: at(1), how: 'given' },
    { name: 'known at dataStart', start: 1, startState: undefined, how: 'inferred' },
    {
      name: 'inferred from a comma between elements',
      start: 10,
      startState: undefined,
      how: 'inferred',
    },
  ])('records a start state $name', async ({ start, startState, how }) => {
    // Prepare
    const object = arrayOf('[{"a":1},\n{"b":2},\n{"c":3},\n{"d":4}]');
    // Act
    const { result } = await cutJson(
      object,
      start,
      start + 5,
      startState === undefined ? {} : { startState },
    );
    // Assess
    expect(result).toMatchObject({ how, startState: trueJsonState(object.bytes, 1, start) });
  });

  it('records an assumed start state when its window decides nothing', async () => {
    // Prepare: no comma and no object end within a 4-byte window.
    const object = arrayOf(`[{"a":"${'x'.repeat(40)}"},{"b":2}]`);
    // Act
    const { result } = await cutJson(object, 12, 20, {
      inferenceWindow: 4,
      pieces: { kind: 'fixed', size: 2 },
    });
    // Assess
    expect(result.how).toBe('assumed');
  });

  it('names the offset when the array never closes', async () => {
    // Prepare
    const object = arrayOf('[{"a":1},{"b":[2');
    // Act
    const act = cutJson(object, 1, object.bytes.length);
    // Assess
    await expect(act).rejects.toMatchObject({ code: 'UnclosedArray', offset: 16 });
    await expect(act).rejects.toThrow(/ends at byte offset 16 at depth 3/);
  });

  it.each([
    { name: 'trailing data', source: '[{"a":1}] x', code: 'TrailingData', offset: 10 },
    { name: 'two commas', source: '[{"a":1},,{"b":2}]', code: 'InvalidArray', offset: 9 },
    { name: 'a missing comma', source: '[{"a":1} {"b":2}]', code: 'InvalidArray', offset: 9 },
  ])('throws $code for $name under a known state', async ({ source, code, offset }) => {
    // Prepare
    const object = arrayOf(source);
    // Act
    const act = cutJson(object, 1, object.bytes.length);
    // Assess
    await expect(act).rejects.toMatchObject({ code, offset });
  });

  it('throws JsonStateMisspeculated when bytes contradict an inferred state', async () => {
    // Prepare: from offset 15 a 1-byte window sees only "}", guesses depth 1, and the "}"
    // that then closes nothing at depth 1 contradicts it (the true depth is 3).
    const object = arrayOf('[{"a":[1,{"b":2}]},{"c":3}]');
    // Act
    const act = cutJson(object, 15, 16, {
      inferenceWindow: 1,
      pieces: { kind: 'fixed', size: 1 },
    });
    // Assess
    await expect(act).rejects.toBeInstanceOf(FormatError);
    await expect(act).rejects.toMatchObject({ code: 'JsonStateMisspeculated' });
  });

  it('returns source offsets one byte back, except at dataStart', () => {
    // Act, Assess
    expect(jsonReadOffset({ start: 1, dataStart: 1 })).toBe(1);
    expect(jsonReadOffset({ start: 9, dataStart: 1 })).toBe(8);
  });

  it.each([
    { name: 'start before dataStart', options: { start: 0, end: 4, dataStart: 1, objectSize: 9 } },
    { name: 'a dataStart of 0', options: { start: 0, end: 4, dataStart: 0, objectSize: 9 } },
    {
      name: 'an impossible start state',
      options: { start: 2, end: 4, dataStart: 1, objectSize: 9, startState: at(1, false, true) },
    },
  ])('rejects $name', ({ options }) => {
    // Act
    const act = () => new JsonArrayCutter(options);
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('Function: resolveJsonChain', () => {
  const chunk = (startState: JsonState, endState: JsonState) => ({ startState, endState });

  it.each([
    { name: 'no chunks', chunks: [], expected: undefined },
    {
      name: 'a consistent chain',
      chunks: [chunk(at(1), at(2)), chunk(at(2), at(0))],
      expected: undefined,
    },
    {
      name: 'a chunk whose start differs from the end before it',
      chunks: [chunk(at(1), at(3, true)), chunk(at(1), at(1)), chunk(at(9), at(0))],
      expected: { index: 1, state: at(3, true) },
    },
    {
      name: 'a chunk without a result',
      chunks: [chunk(at(1), at(2)), undefined, chunk(at(1), at(0))],
      expected: { index: 1, state: at(2) },
    },
    {
      name: 'a wrong chunk 0',
      chunks: [chunk(at(2), at(2))],
      expected: { index: 0, state: at(1) },
    },
  ])('finds the first chunk to cut again in $name', ({ chunks, expected }) => {
    // Act
    const correction = resolveJsonChain(JSON_ARRAY_START_STATE, chunks);
    // Assess
    expect(correction).toEqual(expected);
  });
});
