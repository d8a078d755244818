import type { InputFormat, QuoteState } from '@chunkline/contracts';
import { FormatError, RecordCutter, readOffset, reconcileQuoteStates } from '../../src/index.ts';
import type { CutResult } from '../../src/index.ts';
import { collect, sourceOf } from './bytes.ts';
import type { Pieces } from './bytes.ts';

/** The object a chunked test cuts, and how. */
export interface ChunkedObject {
  readonly bytes: Uint8Array;
  readonly format: InputFormat;
  readonly dataStart: number;
  readonly delimiter?: string;
  readonly pieces: Pieces;
  readonly inferenceWindow?: number;
}

/** One chunk, cut. */
export interface CutChunk {
  readonly owned: Uint8Array;
  readonly result: CutResult;
  /** Attempts made for this chunk (2 after a misspeculation, +1 after reconciliation). */
  readonly attempts: number;
}

/** True quote state at `offset`: parity of the quotes in `[dataStart, offset)`. */
export function trueStartState(bytes: Uint8Array, dataStart: number, offset: number): QuoteState {
  let quotes = 0;
  for (let i = dataStart; i < offset; i += 1) if (bytes[i] === 0x22) quotes += 1;
  return quotes % 2 === 0 ? 'outside' : 'inside';
}

/** Chunk ranges from ascending split offsets: `[dataStart, s1), [s1, s2) … [sn, size)`. */
export function rangesOf(
  dataStart: number,
  size: number,
  splits: readonly number[],
): Array<[number, number]> {
  const edges = [dataStart, ...splits, size];
  return edges.slice(1).map((end, i) => [edges[i] ?? dataStart, end]);
}

/** Cut `[start, end)` once. */
export async function cutOnce(
  object: ChunkedObject,
  start: number,
  end: number,
  startState?: QuoteState,
): Promise<{ owned: Uint8Array; result: CutResult }> {
  const { bytes, format, dataStart } = object;
  const cutter = new RecordCutter({
    format,
    start,
    end,
    dataStart,
    objectSize: bytes.length,
    ...(object.delimiter === undefined ? {} : { delimiter: object.delimiter }),
    ...(startState === undefined ? {} : { startState }),
    ...(object.inferenceWindow === undefined ? {} : { inferenceWindow: object.inferenceWindow }),
  });
  const owned = await collect(
    cutter.cut(sourceOf(bytes, readOffset({ start, dataStart }), object.pieces)),
  );
  return { owned, result: cutter.result };
}

/** Cut every range with the true start state, as a caller that knows it would. */
export async function cutWithTrueStates(
  object: ChunkedObject,
  ranges: ReadonlyArray<[number, number]>,
): Promise<CutChunk[]> {
  const chunks: CutChunk[] = [];
  for (const [start, end] of ranges) {
    const state = trueStartState(object.bytes, object.dataStart, start);
    chunks.push({ ...(await cutOnce(object, start, end, state)), attempts: 1 });
  }
  return chunks;
}

/**
 * Cut every range the way the pipeline does: infer (retrying with `inside` after a
 * misspeculation), then reconcile the parity chain and cut again the chunks whose
 * assumed state was wrong.
 */
export async function cutWithInference(
  object: ChunkedObject,
  ranges: ReadonlyArray<[number, number]>,
): Promise<CutChunk[]> {
  const chunks: CutChunk[] = [];
  for (const [start, end] of ranges) {
    try {
      chunks.push({ ...(await cutOnce(object, start, end)), attempts: 1 });
    } catch (error) {
      if (!(error instanceof FormatError) || error.code !== 'QuoteStateMisspeculated') throw error;
      chunks.push({ ...(await cutOnce(object, start, end, 'inside')), attempts: 2 });
    }
  }
  for (const { index, startState } of reconcileQuoteStates(chunks.map((chunk) => chunk.result))) {
    const [start, end] = ranges[index] ?? [0, 0];
    const previous = chunks[index]?.attempts ?? 0;
    chunks[index] = { ...(await cutOnce(object, start, end, startState)), attempts: previous + 1 };
  }
  return chunks;
}
