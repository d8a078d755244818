import { LF, QUOTE } from './constants.ts';

/**
 * Finds where records end in a byte stream, one buffer at a time. A record ends with a
 * `\n`; in CSV only one outside quotes, where every `"` flips the quote state (the toggle
 * model of RFC 4180: `""` escapes flip it twice). Internal to the library.
 */
export class RecordSplitter {
  /** CSV quote state after the bytes consumed so far; always false for JSONL. */
  inside: boolean;
  readonly #csv: boolean;

  constructor(csv: boolean, inside = false) {
    this.#csv = csv;
    this.inside = csv && inside;
  }

  /**
   * Consume `bytes[from..limit)` up to and including the next record-ending `\n`; return
   * the index just after it, or -1 when there is none before `limit` (all consumed).
   */
  nextEnd(bytes: Uint8Array, from: number, limit: number): number {
    if (!this.#csv) {
      const newline = bytes.indexOf(LF, from);
      return newline >= 0 && newline < limit ? newline + 1 : -1;
    }
    let inside = this.inside;
    for (let i = from; i < limit; i += 1) {
      const byte = bytes[i];
      if (byte === QUOTE) inside = !inside;
      else if (byte === LF && !inside) {
        this.inside = false;
        return i + 1;
      }
    }
    this.inside = inside;
    return -1;
  }

  /**
   * Consume a span whole, when no record end inside it matters, given the number of `"`
   * in it (`countQuotes`) and its last byte; return whether that byte ends a record. The
   * quote state follows from the parity of the quotes rather than from every byte.
   */
  skip(quotes: number, lastByte: number | undefined): boolean {
    if (this.#csv && quotes % 2 === 1) this.inside = !this.inside;
    return lastByte === LF && !this.inside;
  }
}

/** Number of `"` bytes in `bytes[from..to)`. */
export function countQuotes(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(QUOTE, from); i >= 0 && i < to; i = bytes.indexOf(QUOTE, i + 1)) {
    count += 1;
  }
  return count;
}
