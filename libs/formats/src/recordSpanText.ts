import { isUtf8 } from 'node:buffer';
import { byteTextOf } from './byteText.ts';

/**
 * A run of whole CSV records decoded in one go, rather than record by record, and where
 * each record's bytes lie in the text. Internal to `CsvDecoder`.
 *
 * When asked, and the run is valid UTF-8, the text is its byte text (see `byteText.ts`),
 * whose offsets are the bytes' own. Otherwise it is decoded from UTF-8, invalid sequences
 * becoming U+FFFD as everywhere else.
 *
 * Decoding the run gives the same text as decoding each record and joining them: records
 * start at the run's start or right after an LF, and an ASCII byte is never part of a
 * UTF-8 sequence, valid or not, so the decoder holds no pending bytes there.
 *
 * Byte offsets become char offsets by one of two rules:
 * - when the text has as many chars as the run has bytes, offsets coincide. Each step of
 *   decoding turns k bytes into at most k chars (a valid 2-, 3- or 4-byte sequence into 1,
 *   1, 2; an invalid run of 1 to 3 bytes into one U+FFFD), so equal totals mean every step
 *   turned one byte into one char;
 * - otherwise, by line breaks: every LF byte decodes to a `\n` of its own and nothing else
 *   decodes to one, so the k-th `\n` of the text is the k-th LF of the bytes, and the start
 *   of line L is right after the (L - first line)-th `\n` of the text. That costs one
 *   `indexOf` per line break, and only for runs that hold multi-byte sequences.
 */
export class RecordSpanText {
  readonly text: string;
  /** Whether `text` is byte text rather than decoded text. */
  readonly isByteText: boolean;
  /** Offset of the run's first byte. */
  readonly #start: number;
  /** Offset just past the run's last byte. */
  readonly #end: number;
  /** Line on which the run starts. */
  readonly #line: number;
  readonly #offsetsCoincide: boolean;
  /** Line breaks passed so far by `charOffset`. */
  #breaks = 0;
  /** Char offset right after the last line break passed (0 before any). */
  #afterBreak = 0;

  /**
   * Decode `bytes`, the run of records from offset `start`, which begins on line `line`,
   * into byte text when `asByteText` and the bytes are valid UTF-8.
   */
  constructor(bytes: Uint8Array, start: number, line: number, asByteText: boolean) {
    this.isByteText = asByteText && isUtf8(bytes);
    this.text = this.isByteText
      ? byteTextOf(bytes)
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    this.#start = start;
    this.#end = start + bytes.length;
    this.#line = line;
    this.#offsetsCoincide = this.text.length === bytes.length;
  }

  /**
   * The char offset of byte offset `offset`: the run's start or end, or a position right
   * after a line break, where line `line` begins. Without coinciding offsets, each call
   * walks on from the previous one, so offsets must come in increasing order.
   */
  charOffset(offset: number, line: number): number {
    if (this.#offsetsCoincide) return offset - this.#start;
    if (offset === this.#end) return this.text.length;
    for (; this.#breaks < line - this.#line; this.#breaks += 1) {
      this.#afterBreak = this.text.indexOf('\n', this.#afterBreak) + 1;
    }
    return this.#afterBreak;
  }
}
