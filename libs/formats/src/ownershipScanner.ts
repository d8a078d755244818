import { LF } from './constants.ts';
import { countQuotes, RecordSplitter } from './recordSplitter.ts';

/** Where a chunk lies in its object, and the quote state at its start. */
export interface OwnershipBounds {
  readonly csv: boolean;
  readonly start: number;
  readonly end: number;
  readonly dataStart: number;
  readonly objectSize: number;
  /** CSV: whether `start` lies inside a quoted field. */
  readonly startInside: boolean;
}

/**
 * The synchronous core of `RecordCutter`: consumes the object's bytes from `readOffset`
 * on and tells which of them belong to records starting in `[start, end)`. Internal.
 */
export class OwnershipScanner {
  readonly #bounds: OwnershipBounds;
  readonly #splitter: RecordSplitter;
  readonly #parityEnd: number;
  /** Absolute offset of the next byte to consume. */
  #position: number;
  /** Whether `#position` is the start of a record. */
  #atRecordStart: boolean;
  #quotes = 0;
  ownedStart: number | undefined;
  ownedEnd: number | undefined;
  /** True once the last owned record is complete (or nothing can be owned). */
  done = false;

  constructor(bounds: OwnershipBounds) {
    this.#bounds = bounds;
    this.#splitter = new RecordSplitter(bounds.csv, bounds.startInside);
    this.#parityEnd = Math.min(bounds.end, bounds.objectSize);
    this.#position = bounds.start === bounds.dataStart ? bounds.start : bounds.start - 1;
    this.#atRecordStart = bounds.start === bounds.dataStart;
    if (bounds.start >= this.#parityEnd) this.done = true;
  }

  /** Absolute offset of the next byte the scanner expects. */
  get position(): number {
    return this.#position;
  }

  /** CSV: parity of the quotes in `[start, min(end, objectSize))` consumed so far; JSON Lines: 0. */
  get quoteParity(): 0 | 1 {
    return this.#quotes % 2 === 0 ? 0 : 1;
  }

  /** Consume the next buffer; return its owned part (possibly empty). */
  consume(bytes: Uint8Array): Uint8Array {
    const { start, end, objectSize } = this.#bounds;
    const base = this.#position;
    const limit = Math.min(bytes.length, objectSize - base);
    if (this.done || limit <= 0) return bytes.subarray(0, 0);
    let i = 0;
    if (base < start) {
      this.#atRecordStart = bytes[0] === LF && !this.#splitter.inside;
      i = 1;
    }
    const first = i;
    let emitFrom = this.ownedStart === undefined ? -1 : i;
    // Where a skipped tail starts: its quotes are counted once, for its state and the parity.
    let skippedFrom = -1;
    for (;;) {
      const at = base + i;
      if (at < objectSize) {
        if (this.#atRecordStart) {
          if (at >= end) {
            if (this.ownedStart !== undefined) this.ownedEnd = at;
            this.done = true;
            break;
          }
          this.#atRecordStart = false;
          if (this.ownedStart === undefined) [this.ownedStart, emitFrom] = [at, i];
        } else if (this.ownedStart === undefined && at >= end) {
          this.done = true;
          break;
        }
      }
      if (i >= limit) break;
      if (this.ownedStart !== undefined && base + limit <= end) {
        // Every record start left in this buffer is owned: only the state at its end matters.
        // A skip ends the loop at `limit`, inside the parity range: its quotes count whole.
        const quotes = this.#bounds.csv ? countQuotes(bytes, i, limit) : 0;
        this.#quotes += quotes;
        this.#atRecordStart = this.#splitter.skip(quotes, bytes[limit - 1]);
        skippedFrom = i;
        i = limit;
        continue;
      }
      const stop = this.ownedStart === undefined ? Math.min(limit, end - base) : limit;
      const next = this.#splitter.nextEnd(bytes, i, stop);
      if (next < 0) i = stop;
      else [i, this.#atRecordStart] = [next, true];
    }
    if (this.#bounds.csv) {
      // The parity's quotes up to a skipped tail, which counted its own.
      const to = skippedFrom < 0 ? Math.min(i, this.#parityEnd - base) : skippedFrom;
      this.#quotes += countQuotes(bytes, Math.max(first, start - base), to);
    }
    this.#position = base + i;
    if (!this.done && this.#position >= objectSize) this.#finishAtObjectEnd();
    if (emitFrom < 0) return bytes.subarray(0, 0);
    return bytes.subarray(emitFrom, this.ownedEnd === undefined ? i : this.ownedEnd - base);
  }

  #finishAtObjectEnd(): void {
    if (this.ownedStart !== undefined) this.ownedEnd = this.#bounds.objectSize;
    this.done = true;
  }
}
