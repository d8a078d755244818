import type { InputFormat, QuoteState } from '@chunkline/contracts';
import {
  chunkReadOffset,
  invalidOptions,
  readChunkSource,
  sourceEnded,
  validateChunkRange,
} from './chunkRange.ts';
import { DEFAULT_CSV_DELIMITER, DEFAULT_INFERENCE_WINDOW } from './constants.ts';
import { delimiterByte } from './delimiter.ts';
import { FormatError } from './errors.ts';
import { OwnershipScanner } from './ownershipScanner.ts';
import { StartStateWatch } from './startStateWatch.ts';
import type { CutResult, StartStateSource } from './types.ts';

/** Options of `RecordCutter`. Offsets are absolute byte offsets in the object. */
export interface RecordCutterOptions {
  readonly format: InputFormat;
  /** First byte of the chunk (≥ `dataStart`). */
  readonly start: number;
  /** End of the chunk, exclusive (≥ `start`; may exceed `objectSize`). */
  readonly end: number;
  /** Offset of the first data record: after the CSV header, usually 0 for JSONL. */
  readonly dataStart: number;
  /** Size of the whole object in bytes. */
  readonly objectSize: number;
  /** CSV field delimiter, one ASCII character. Default `,`. */
  readonly delimiter?: string | undefined;
  /** CSV: the quote state at `start`, when known; skips inference. */
  readonly startState?: QuoteState | undefined;
  /** CSV: most bytes buffered while inferring the start state. Default 1 MiB. */
  readonly inferenceWindow?: number | undefined;
}

/**
 * Offset at which the caller's byte source must begin: `start - 1` (the cutter looks at
 * the byte before `start` to see whether a record starts at `start`), or `start` when the
 * chunk starts the data.
 */
export function readOffset(options: Pick<RecordCutterOptions, 'start' | 'dataStart'>): number {
  return chunkReadOffset(options);
}

function validate(options: RecordCutterOptions): void {
  validateChunkRange(options, 'RecordCutter');
  if (options.format === 'json') {
    throw invalidOptions('RecordCutter', "format 'json' is cut by JsonArrayCutter");
  }
  if (options.format === 'csv')
    delimiterByte(options.delimiter ?? DEFAULT_CSV_DELIMITER, 'RecordCutter');
}

/**
 * Cuts one chunk `[start, end)` of a CSV or JSONL object down to the records it owns:
 * those that start inside it (a record starts at `dataStart` and after every `\n` that
 * is outside quotes). Pure: it reads only the byte source it is given.
 *
 * Feed `cut()` the object's bytes from `readOffset(options)` on (the source may run to
 * the end of the object: the cutter stops pulling once its last record is complete).
 * For CSV without `startState`, it infers the quote state at `start` within
 * `inferenceWindow` bytes, or else assumes `outside` and throws `QuoteStateMisspeculated`
 * if a later quote proves it wrong. Memory: the window plus one input buffer.
 */
export class RecordCutter {
  readonly #options: RecordCutterOptions;
  #result: CutResult | undefined;
  #used = false;
  /** Absolute offset just past the last byte read from the source. */
  #fetched = 0;
  #watch: StartStateWatch | undefined;
  #scannerInUse: OwnershipScanner | undefined;

  constructor(options: RecordCutterOptions) {
    validate(options);
    this.#options = { ...options };
  }

  /**
   * The state the cut is running on an unverified assumption of (`outside`), while that
   * is so; `undefined` when the state was given, inferred, or the assumption confirmed.
   * Read it when decoding fails mid-cut: a wrong assumption makes records malformed.
   */
  get assumedState(): QuoteState | undefined {
    return this.#watch?.how === 'assumed' ? this.#watch.state : undefined;
  }

  /** Offset of the first owned record, once the cut has reached it (else `undefined`). */
  get ownedStart(): number | undefined {
    return this.#scannerInUse?.ownedStart;
  }

  /** What the cut learnt; available once iterating `cut()` has finished. */
  get result(): CutResult {
    if (this.#result === undefined) {
      throw new FormatError(
        'Misuse',
        'formats: RecordCutter.result was read before cut() finished',
      );
    }
    return this.#result;
  }

  /**
   * Yield exactly the bytes of the owned records, from the first record starting in
   * `[start, end)` through the terminator of the last one (or the object's end).
   *
   * @throws FormatError `QuoteStateMisspeculated` (discard the output, cut again with
   *   `startState: 'inside'`), `SourceEnded` when `source` stops too early, `Misuse`
   *   when called twice.
   */
  async *cut(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#used) {
      throw new FormatError('Misuse', 'formats: RecordCutter.cut() can only be called once');
    }
    this.#used = true;
    const { format, start, end, dataStart, objectSize, startState } = this.#options;
    if (format === 'jsonl') return yield* this.#cutKnown(source, 'outside', 'inferred');
    if (startState !== undefined) return yield* this.#cutKnown(source, startState, 'given');
    if (start === dataStart) return yield* this.#cutKnown(source, 'outside', 'inferred');
    // Nothing can be owned and nothing is read: the state stays an unverified guess.
    if (start >= Math.min(end, objectSize)) {
      return yield* this.#cutKnown(source, 'outside', 'assumed');
    }
    const delimiter = this.#options.delimiter ?? DEFAULT_CSV_DELIMITER;
    this.#watch = new StartStateWatch({ start, end }, delimiter);
    yield* this.#cutInferred(source, this.#watch);
  }

  #scanner(state: QuoteState): OwnershipScanner {
    const { format, start, end, dataStart, objectSize } = this.#options;
    const startInside = state === 'inside';
    return (this.#scannerInUse = new OwnershipScanner({
      csv: format === 'csv',
      start,
      end,
      dataStart,
      objectSize,
      startInside,
    }));
  }

  async *#cutKnown(
    source: AsyncIterable<Uint8Array>,
    state: QuoteState,
    how: StartStateSource,
  ): AsyncGenerator<Uint8Array, void, undefined> {
    const scanner = this.#scanner(state);
    for await (const bytes of this.#read(source, () => scanner.done)) {
      const owned = scanner.consume(bytes);
      if (owned.length > 0) yield owned;
    }
    this.#finish(scanner, state, how);
  }

  async *#cutInferred(
    source: AsyncIterable<Uint8Array>,
    watch: StartStateWatch,
  ): AsyncGenerator<Uint8Array, void, undefined> {
    const window = this.#options.inferenceWindow ?? DEFAULT_INFERENCE_WINDOW;
    const { objectSize } = this.#options;
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    let scanner: OwnershipScanner | undefined;
    for await (const bytes of this.#read(source, () => scanner?.done ?? false)) {
      const at = this.#fetched - bytes.length;
      if (watch.how !== 'inferred') watch.observe(bytes, at, this.#fetched >= objectSize);
      if (scanner === undefined) {
        held.push(bytes);
        heldBytes += bytes.length;
        if (heldBytes >= window) watch.assume();
        const state = watch.state;
        if (state === undefined) continue;
        scanner = this.#scanner(state);
        for (const piece of held.splice(0)) {
          const owned = scanner.consume(piece);
          if (owned.length > 0) yield owned;
        }
      } else {
        const owned = scanner.consume(bytes);
        if (owned.length > 0) yield owned;
      }
    }
    if (scanner === undefined) {
      watch.assume();
      scanner = this.#scanner(watch.state ?? 'outside');
      for (const piece of held.splice(0)) {
        const owned = scanner.consume(piece);
        if (owned.length > 0) yield owned;
      }
    }
    this.#finish(scanner, watch.state ?? 'outside', watch.how ?? 'assumed');
  }

  /**
   * The source's buffers, clipped to the object, until `stop()` holds; tracks `#fetched`
   * and hands the source back (`return()`) when stopping before its end.
   */
  #read(source: AsyncIterable<Uint8Array>, stop: () => boolean): AsyncGenerator<Uint8Array> {
    return readChunkSource(source, this.#options, (offset) => (this.#fetched = offset), stop);
  }

  #finish(scanner: OwnershipScanner, startState: QuoteState, how: StartStateSource): void {
    const { start, objectSize } = this.#options;
    if (!scanner.done) throw sourceEnded('RecordCutter', this.#options, this.#fetched, 'record');
    const ownedStart = scanner.ownedStart ?? Math.min(start, objectSize);
    this.#result = {
      startState,
      how,
      quoteParity: this.#options.format === 'csv' ? scanner.quoteParity : 0,
      ownedStart,
      ownedEnd: scanner.ownedEnd ?? ownedStart,
    };
  }
}
