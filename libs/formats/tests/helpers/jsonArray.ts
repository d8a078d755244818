import fc from 'fast-check';
import {
  decodeRecords,
  FormatError,
  JSON_ARRAY_START_STATE,
  JsonArrayCutter,
  jsonArrayStart,
  jsonReadOffset,
  resolveJsonChain,
} from '../../src/index.ts';
import type { JsonCutResult, JsonState, RecordBatch } from '../../src/index.ts';
import { JsonLexer } from '../../src/jsonArray/jsonLexer.ts';
import { collect, sourceOf, utf8 } from './bytes.ts';
import type { Pieces } from './bytes.ts';

/** A generated JSON array object: its bytes, `dataStart`, and its elements. */
export interface JsonArrayCase {
  readonly bytes: Uint8Array;
  readonly dataStart: number;
  readonly elements: readonly unknown[];
}

/** Text pieces that look like structure, escapes and multi-byte characters. */
const TRICKY = [
  'a',
  ' ',
  '}, {',
  '},{',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '"',
  '\\',
  '\\"',
  '\n',
  'é',
  '😀',
];

const tricky = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 6 });

/** JSON values: scalars, tricky strings, and nested arrays and objects. */
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'xsmall', withCrossShrink: true },
    tricky,
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 2 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 2 }),
  ),
}));

/** An array element: a JSON object. */
export const jsonObject = fc.dictionary(tricky, value, { maxKeys: 3 });

/** How the array is laid out. */
const layout = fc.constantFrom('compact', 'pretty', 'spaced');

function render(elements: readonly unknown[], how: string): string {
  if (how === 'compact') return JSON.stringify(elements);
  if (how === 'pretty') return JSON.stringify(elements, null, 2);
  return `[ ${elements.map((element) => JSON.stringify(element)).join(' ,\r\n\t')} ]`;
}

/**
 * Small JSON arrays of objects (nested objects and arrays, strings holding `}, {`, `[`,
 * `]`, `\"`, `\\`, unicode), compact, pretty-printed or spaced, with or without a BOM
 * and whitespace around the array.
 */
export const jsonArrayCase: fc.Arbitrary<JsonArrayCase> = fc
  .record({
    elements: fc.array(jsonObject, { maxLength: 4 }),
    how: layout,
    bom: fc.boolean(),
    before: fc.constantFrom('', ' ', '\n\t'),
    after: fc.constantFrom('', '\n', ' \r\n '),
  })
  .map(({ elements, how, bom, before, after }) => {
    const bytes = utf8(`${bom ? '\uFEFF' : ''}${before}${render(elements, how)}${after}`);
    return { bytes, dataStart: jsonArrayStart(bytes), elements };
  });

/** The true lexer state at `offset` of an array whose elements start at `dataStart`. */
export function trueJsonState(bytes: Uint8Array, dataStart: number, offset: number): JsonState {
  const lexer = new JsonLexer(JSON_ARRAY_START_STATE);
  lexer.lex(bytes, dataStart, Math.min(offset, bytes.length));
  return lexer.state;
}

/** One chunk of a JSON array, cut. */
export interface JsonCutChunk {
  readonly owned: Uint8Array;
  readonly result: JsonCutResult;
}

/** Options of one `cutJson` run. */
export interface JsonCutOptions {
  readonly pieces?: Pieces;
  readonly startState?: JsonState;
  readonly inferenceWindow?: number;
}

/** Cut `[start, end)` of `object` once, feeding it from `jsonReadOffset` in `pieces`. */
export async function cutJson(
  object: Pick<JsonArrayCase, 'bytes' | 'dataStart'>,
  start: number,
  end: number,
  options: JsonCutOptions = {},
): Promise<JsonCutChunk> {
  const { bytes, dataStart } = object;
  const cutter = new JsonArrayCutter({
    start,
    end,
    dataStart,
    objectSize: bytes.length,
    ...(options.startState === undefined ? {} : { startState: options.startState }),
    ...(options.inferenceWindow === undefined ? {} : { inferenceWindow: options.inferenceWindow }),
  });
  const from = jsonReadOffset({ start, dataStart });
  const owned = await collect(
    cutter.cut(sourceOf(bytes, from, options.pieces ?? { kind: 'whole' })),
  );
  return { owned, result: cutter.result };
}

/**
 * Cut every range the way the pipeline does: each chunk with an inferred state (a
 * `JsonStateMisspeculated` leaves it without a result), then `resolveJsonChain` and
 * re-runs with the proven state until the chain is consistent.
 */
export async function cutJsonChain(
  object: Pick<JsonArrayCase, 'bytes' | 'dataStart'>,
  ranges: ReadonlyArray<[number, number]>,
  options: Omit<JsonCutOptions, 'startState'> = {},
): Promise<{ chunks: JsonCutChunk[]; reruns: number }> {
  const chunks: Array<JsonCutChunk | undefined> = [];
  for (const [start, end] of ranges) {
    try {
      chunks.push(await cutJson(object, start, end, options));
    } catch (error) {
      if (!(error instanceof FormatError) || error.code !== 'JsonStateMisspeculated') throw error;
      chunks.push(undefined);
    }
  }
  let reruns = 0;
  for (;;) {
    const fix = resolveJsonChain(
      JSON_ARRAY_START_STATE,
      chunks.map((chunk) => chunk?.result),
    );
    if (fix === undefined) break;
    reruns += 1;
    if (reruns > ranges.length) throw new Error('resolveJsonChain did not converge');
    const [start, end] = ranges[fix.index] ?? [0, 0];
    chunks[fix.index] = await cutJson(object, start, end, { ...options, startState: fix.state });
  }
  return { chunks: chunks.filter((chunk) => chunk !== undefined), reruns };
}

/** Decode owned JSON array bytes with `decodeRecords` and gather every batch. */
export async function decodeJson(
  owned: Uint8Array,
  options: {
    ownedStart?: number;
    onBadRecord?: 'fail' | 'skip';
    batchSize?: number;
    pieces?: Pieces;
  } = {},
): Promise<{ rows: unknown[]; batches: RecordBatch[] }> {
  const batches: RecordBatch[] = [];
  for await (const batch of decodeRecords(sourceOf(owned, 0, options.pieces ?? { kind: 'whole' }), {
    format: 'json',
    ownedStart: options.ownedStart ?? 0,
    onBadRecord: options.onBadRecord ?? 'fail',
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  })) {
    batches.push(batch);
  }
  return { rows: batches.flatMap((batch) => batch.rows), batches };
}
