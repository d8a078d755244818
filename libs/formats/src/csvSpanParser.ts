import { CR, QUOTE } from './constants.ts';

/**
 * Finds the fields of plain CSV records in one decoded text of many records — the fast
 * path of CSV decoding — without slicing them: each field is a `[start, end)` range of
 * the text, its quotes included, written into a bounds array. Plain means: exactly
 * `count` fields, each either unquoted without `"` or `\r`, or quoted with inner quotes
 * doubled and followed by the delimiter or the record's end; and not a record of one
 * empty field (which csv-parse's `skip_empty_lines` may treat as blank). Anything else is
 * left to csv-parse, which decides and reports it.
 *
 * The next `"` and `\r` are remembered between calls: parsing the records in order of
 * position, as the decoder does, looks for them in one pass over the text in all.
 */
export class CsvSpanParser {
  readonly text: string;
  readonly delimiter: string;
  readonly count: number;
  readonly #delimiterCode: number;
  /** The first `"` at or after `#quoteFrom` (the text's length if none). */
  #quote = -1;
  #quoteFrom = 0;
  /** The first `\r` at or after `#crFrom`. */
  #cr = -1;
  #crFrom = 0;

  /** `delimiter` is one character other than `"`, `\r` and `\n`. */
  constructor(text: string, count: number, delimiter: string) {
    this.text = text;
    this.count = count;
    this.delimiter = delimiter;
    this.#delimiterCode = delimiter.charCodeAt(0);
  }

  /**
   * Parse the record `text[from, to)` (with its `\n` or `\r\n` when `terminated`) into
   * `bounds[at, at + 2 × count)`: start and end of each field. False when it is not plain.
   */
  parse(from: number, to: number, terminated: boolean, bounds: Int32Array, at: number): boolean {
    const { text, count, delimiter } = this;
    let end = to;
    if (terminated) {
      end -= 1;
      if (end > from && text.charCodeAt(end - 1) === CR) end -= 1;
    }
    let field = 0;
    let i = from;
    for (;;) {
      if (field >= count) return false;
      let fieldEnd: number;
      if (i < end && text.charCodeAt(i) === QUOTE) {
        let after = i + 1;
        for (;;) {
          const quote = text.indexOf('"', after);
          if (quote < 0 || quote >= end) return false;
          if (quote + 1 < end && text.charCodeAt(quote + 1) === QUOTE) {
            after = quote + 2;
            continue;
          }
          fieldEnd = quote + 1;
          break;
        }
        if (fieldEnd < end && text.charCodeAt(fieldEnd) !== this.#delimiterCode) return false;
      } else {
        // The last field runs to the end: searching on for a delimiter could cross every
        // later record of the text. A delimiter inside it means one field too many.
        const last = field === count - 1;
        let next = last ? end : text.indexOf(delimiter, i);
        if (next < 0 || next > end) next = end;
        if (this.#nextQuote(i) < next || this.#nextCr(i) < next) return false;
        if (last) {
          const extra = text.indexOf(delimiter, i);
          if (extra >= 0 && extra < next) return false;
        }
        fieldEnd = next;
      }
      bounds[at + 2 * field] = i;
      bounds[at + 2 * field + 1] = fieldEnd;
      field += 1;
      i = fieldEnd;
      if (i >= end) break;
      i += 1;
    }
    if (field !== count) return false;
    return !(count === 1 && this.isEmpty(bounds[at] as number, bounds[at + 1] as number));
  }

  /** The value of the field `[start, end)`: unquoted as it is, quoted without its quotes, `""` as `"`. */
  value(start: number, end: number): string {
    const { text } = this;
    if (start === end || text.charCodeAt(start) !== QUOTE) return text.slice(start, end);
    const inner = text.slice(start + 1, end - 1);
    return inner.includes('""') ? inner.replaceAll('""', '"') : inner;
  }

  /** Whether the field `[start, end)` is quoted. */
  isQuoted(start: number, end: number): boolean {
    return start < end && this.text.charCodeAt(start) === QUOTE;
  }

  /** Whether the field `[start, end)` has the empty value: nothing, or `""`. */
  isEmpty(start: number, end: number): boolean {
    return end === start || (end - start === 2 && this.isQuoted(start, end));
  }

  #nextQuote(position: number): number {
    if (this.#quote < position || position < this.#quoteFrom) {
      this.#quote = this.#find('"', position);
      this.#quoteFrom = position;
    }
    return this.#quote;
  }

  #nextCr(position: number): number {
    if (this.#cr < position || position < this.#crFrom) {
      this.#cr = this.#find('\r', position);
      this.#crFrom = position;
    }
    return this.#cr;
  }

  #find(char: string, position: number): number {
    const index = this.text.indexOf(char, position);
    return index < 0 ? this.text.length : index;
  }
}
