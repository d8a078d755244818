import {
  chunkReadOffset,
  invalidOptions,
  readChunkSource,
  sourceEnded,
  validateChunkRange,
} from '../chunkRange.ts';
import { DEFAULT_INFERENCE_WINDOW } from '../constants.ts';
import { FormatError, isFormatError } from '../errors.ts';
import type { StartStateSource } from '../types.ts';
import { JsonStateInference } from './inferJsonState.ts';
import { JsonOwnership } from './jsonOwnership.ts';
import { describeJsonState, JSON_ARRAY_START_STATE } from './jsonState.ts';
import type { JsonState } from './jsonState.ts';

/** Options of `JsonArrayCutter`. Offsets are absolute byte offsets in the object. */
export interface JsonArrayCutterOptions {
  /** First byte of the chunk (≥ `dataStart`). */
  readonly start: number;
  /** End of the chunk, exclusive (≥ `start`; may exceed `objectSize`). */
  readonly end: number;
  /** Offset just after the array's opening `[` (see `jsonArrayStart`). */
  readonly dataStart: number;
  /** Size of the whole object in bytes. */
  readonly objectSize: number;
  /** The lexer state at `start`, when known (the previous chunk's `endState`); skips inference. */
  readonly startState?: JsonState | undefined;
  /** Most bytes buffered while inferring the start state. Default 1 MiB. */
  readonly inferenceWindow?: number | undefined;
}

/** What `JsonArrayCutter` learned about its chunk, available once `cut()` has finished. */
export interface JsonCutResult {
  /** Lexer state at `start` the elements were cut with. */
  readonly startState: JsonState;
  /**
   * `given` by the caller; `inferred` from the bytes (the known state at `dataStart`, or a
   * guess the bytes supported); `assumed` (a guess they did not decide). Only `given` and
   * the state at `dataStart` are certain: check the others with `resolveJsonChain`.
   */
  readonly how: StartStateSource;
  /** Lexer state just before byte `min(end, objectSize)`, computed from `startState`. */
  readonly endState: JsonState;
  /** Absolute offset of the first owned byte; equals `ownedEnd` when nothing is owned. */
  readonly ownedStart: number;
  /** Absolute offset just past the last byte of the last owned element. */
  readonly ownedEnd: number;
}

/**
 * Offset at which the caller's byte source must begin: `start - 1` (the cutter looks at
 * the byte before `start`: it tells a number cut in two, and helps inference), or `start`
 * when the chunk starts the array's elements.
 */
export function jsonReadOffset(
  options: Pick<JsonArrayCutterOptions, 'start' | 'dataStart'>,
): number {
  return chunkReadOffset(options);
}

const invalid = (message: string): FormatError => invalidOptions('JsonArrayCutter', message);

function validState(state: JsonState): boolean {
  const { inString, escaped, depth } = state;
  return (
    Number.isSafeInteger(depth) && depth >= 0 && (inString || !escaped) && (depth > 0 || !inString)
  );
}

function validate(options: JsonArrayCutterOptions): void {
  validateChunkRange(options, 'JsonArrayCutter');
  if (options.dataStart < 1) {
    throw invalid(`dataStart ${options.dataStart} must be just after the array's [`);
  }
  if (options.startState !== undefined && !validState(options.startState)) {
    throw invalid(`startState ${describeJsonState(options.startState)} is not a lexer state`);
  }
}

/**
 * Cuts one chunk `[start, end)` of a JSON array object (`[ {...}, {...}, ... ]`) down to
 * the elements it owns: those whose first byte lies in it. It skips a partial first
 * element and reads past `end` to finish its last one; it stops at the array's closing
 * `]`. Pure: it reads only the byte source it is given.
 *
 * Feed `cut()` the object's bytes from `jsonReadOffset(options)` on (the source may run to
 * the end of the object: the cutter stops pulling once done). Without `startState` it
 * infers the state at `start` from the first `inferenceWindow` bytes (1 MiB), which may be
 * wrong: bytes that contradict it throw `JsonStateMisspeculated`, and `resolveJsonChain`
 * finds the chunks to cut again. Memory: the window, one input buffer and the longest
 * element.
 */
export class JsonArrayCutter {
  readonly #options: JsonArrayCutterOptions;
  #result: JsonCutResult | undefined;
  #used = false;
  #ownership: JsonOwnership | undefined;
  #how: StartStateSource | undefined;
  #state: JsonState | undefined;
  /** Absolute offset just past the last byte read from the source. */
  #fetched = 0;

  constructor(options: JsonArrayCutterOptions) {
    validate(options);
    this.#options = { ...options };
  }

  /** Offset of the first owned element, once the cut has reached it (else `undefined`). */
  get ownedStart(): number | undefined {
    return this.#ownership?.ownedStart;
  }

  /**
   * True while the cut runs on a start state that is neither given nor known (the state at
   * `dataStart`): a decoding failure may then come from a wrong guess, not the data.
   */
  get speculative(): boolean {
    return (
      this.#how !== undefined &&
      this.#how !== 'given' &&
      this.#options.start !== this.#options.dataStart
    );
  }

  /** What the cut learnt; available once iterating `cut()` has finished. */
  get result(): JsonCutResult {
    if (this.#result === undefined) {
      throw new FormatError(
        'Misuse',
        'formats: JsonArrayCutter.result was read before cut() finished',
      );
    }
    return this.#result;
  }

  /**
   * Yield exactly the bytes of the owned elements, from the first byte of the first through
   * the last byte of the last (the commas and whitespace between them included).
   *
   * @throws FormatError `JsonStateMisspeculated` (the start state was a guess the bytes
   *   contradict: discard the output, cut again with the proven state), `UnclosedArray`,
   *   `TrailingData`, `InvalidArray` (under a given or known state), `SourceEnded` when
   *   `source` stops too early, `Misuse` when called twice.
   */
  async *cut(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#used)
      throw new FormatError('Misuse', 'formats: JsonArrayCutter.cut() can only be called once');
    this.#used = true;
    const { start, end, dataStart, objectSize, startState } = this.#options;
    const reader = this.#read(source);
    if (startState !== undefined) return yield* this.#cutKnown(reader, startState, 'given', []);
    if (start === dataStart) {
      return yield* this.#cutKnown(reader, JSON_ARRAY_START_STATE, 'inferred', []);
    }
    // Nothing can be owned and nothing is read: the state stays an unverified guess.
    if (start >= Math.min(end, objectSize)) {
      return yield* this.#cutKnown(reader, JSON_ARRAY_START_STATE, 'assumed', []);
    }
    const window = this.#options.inferenceWindow ?? DEFAULT_INFERENCE_WINDOW;
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    let inference: JsonStateInference | undefined;
    for (;;) {
      const next = await reader.next();
      if (next.done === true) break;
      const bytes = next.value;
      const from = this.#fetched - bytes.length < start ? 1 : 0;
      inference ??= new JsonStateInference(bytes[0] ?? 0);
      inference.observe(bytes.subarray(from, from + window - heldBytes));
      held.push(bytes);
      heldBytes += bytes.length - from;
      if (heldBytes >= window) break;
    }
    const guess = (inference ?? new JsonStateInference(0)).conclude(this.#fetched >= objectSize);
    yield* this.#cutKnown(reader, guess.state, guess.how, held);
  }

  async *#cutKnown(
    iterator: AsyncIterator<Uint8Array>,
    state: JsonState,
    how: StartStateSource,
    held: Uint8Array[],
  ): AsyncGenerator<Uint8Array, void, undefined> {
    const { start, end, dataStart, objectSize } = this.#options;
    this.#how = how;
    this.#state = state;
    const ownership = (this.#ownership = new JsonOwnership({
      start,
      end,
      dataStart,
      objectSize,
      state,
    }));
    try {
      for (const bytes of held) yield* this.#consume(ownership, bytes);
      while (!ownership.done) {
        const next = await iterator.next();
        if (next.done === true) break;
        yield* this.#consume(ownership, next.value);
      }
    } finally {
      await iterator.return?.();
    }
    if (!ownership.done || ownership.endState === undefined)
      throw sourceEnded('JsonArrayCutter', this.#options, this.#fetched, 'element');
    const ownedStart = ownership.ownedStart ?? Math.min(start, objectSize);
    this.#result = {
      startState: state,
      how,
      endState: ownership.endState,
      ownedStart,
      ownedEnd: ownership.ownedEnd ?? ownedStart,
    };
  }

  *#consume(ownership: JsonOwnership, bytes: Uint8Array): Generator<Uint8Array, void, undefined> {
    let owned: Uint8Array[];
    try {
      owned = ownership.consume(bytes);
    } catch (error) {
      throw this.speculative && isFormatError(error) ? this.#misspeculated(error) : error;
    }
    for (const piece of owned) if (piece.length > 0) yield piece;
  }

  #read(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    return readChunkSource(source, this.#options, (offset) => (this.#fetched = offset));
  }

  #misspeculated(cause: FormatError): FormatError {
    const { start, end } = this.#options;
    const state = this.#state;
    return new FormatError(
      'JsonStateMisspeculated',
      `formats: JsonArrayCutter: chunk [${start}, ${end}) was cut from a ${this.#how} start state` +
        `${state === undefined ? '' : ` ${describeJsonState(state)}`} that its bytes contradict ` +
        `(${cause.message}); discard this attempt's output and cut it again with the proven ` +
        "start state (the previous chunk's endState, see resolveJsonChain)",
      { cause, offset: cause.offset },
    );
  }
}
