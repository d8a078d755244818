import type { QuoteState } from '@chunkline/contracts';
import { FormatError } from './errors.ts';
import { endQuoteScan, inferQuoteState, startQuoteScan } from './inferQuoteState.ts';
import type { QuoteScan } from './inferQuoteState.ts';

/**
 * Infers the quote state at a chunk's `start` from the bytes the cutter reads, and keeps
 * checking an assumed state until a quote confirms or refutes it. Internal to the cutter.
 */
export class StartStateWatch {
  readonly #start: number;
  readonly #end: number;
  readonly #delimiter: string;
  #scan: QuoteScan | undefined;
  /** `inferred` once a quote decided, `assumed` once the cutter gave up waiting. */
  how: 'inferred' | 'assumed' | undefined;

  constructor(chunk: { start: number; end: number }, delimiter: string) {
    this.#start = chunk.start;
    this.#end = chunk.end;
    this.#delimiter = delimiter;
  }

  /** The state to cut with: the decided one, `outside` when assumed, else undefined. */
  get state(): QuoteState | undefined {
    if (this.how === 'inferred') return this.#scan?.state;
    return this.how === 'assumed' ? 'outside' : undefined;
  }

  /**
   * Look at the next bytes read (the first at absolute offset `at`, the source starting at
   * `start - 1`); `objectEnds` when they run to the end of the object.
   *
   * @throws FormatError `QuoteStateMisspeculated` when the state was assumed `outside`
   *   and these bytes prove the chunk starts inside quotes.
   */
  observe(bytes: Uint8Array, at: number, objectEnds: boolean): void {
    if (this.how === 'inferred') return;
    const from = Math.max(0, this.#start - at);
    this.#scan ??= startQuoteScan({
      delimiter: this.#delimiter,
      previousByte: from > 0 ? bytes[from - 1] : undefined,
    });
    this.#scan = inferQuoteState(this.#scan, bytes.subarray(from));
    if (objectEnds) this.#scan = endQuoteScan(this.#scan);
    const decided = this.#scan.state;
    if (decided === undefined) return;
    if (this.how === 'assumed' && decided === 'inside') {
      throw new FormatError(
        'QuoteStateMisspeculated',
        `formats: RecordCutter: chunk [${this.#start}, ${this.#end}) was cut assuming its start is ` +
          "outside quotes, but a later quote shows it is inside; discard this attempt's output " +
          "and cut again with startState 'inside'",
        { offset: this.#start },
      );
    }
    this.how = 'inferred';
  }

  /** Stop waiting: cut as if the start were outside quotes (unless already decided). */
  assume(): void {
    this.how ??= 'assumed';
  }
}
