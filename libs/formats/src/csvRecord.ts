import { byteTextOfText, textOfByteText } from './byteText.ts';
import type { CsvSpanParser } from './csvSpanParser.ts';
import { csvField, quoteTest } from './csvWriter.ts';

/**
 * A CSV record read by position: what `decodeCsvRecords` yields. Values are sliced from
 * the decoded text only when asked for, and untouched fields can be written out as the
 * bytes they already are.
 */
export interface CsvRecord {
  /** The delimiter of the record's source, which `written` writes between fields. */
  readonly delimiter: string;
  /** The value of field `index`. */
  value(index: number): string;
  /** The value of field `index` in byte text: its UTF-8 bytes, one char per byte. */
  byteTextValue(index: number): string;
  /**
   * Fields `from` to `to` (exclusive) as a CSV writer with the record's delimiter writes
   * their values (quoted exactly when needed), joined by the delimiter, in byte text (see
   * `byteText.ts`): the UTF-8 bytes of that text, one char per byte.
   */
  written(from: number, to: number): string;
}

/** How fields are quoted when written with a delimiter: shared by the records of a decoder. */
export class CsvQuoting {
  readonly delimiter: string;
  readonly #needsQuotes: RegExp;

  constructor(delimiter: string) {
    this.delimiter = delimiter;
    this.#needsQuotes = quoteTest(delimiter);
  }

  /** `value` as a CSV field (see `csvField`). */
  field(value: string): string {
    return csvField(value, this.#needsQuotes);
  }

  /** Whether `value` must be quoted. */
  needsQuotes(value: string): boolean {
    return this.#needsQuotes.test(value);
  }
}

/**
 * A plain record where it lies in the decoded text (see `CsvSpanParser`). An unquoted
 * field is written as its text: it holds no delimiter, quote or line break. A quoted one
 * is its text when its value needs the quotes (its inner quotes are already doubled), and
 * its bare value otherwise. So a run of unquoted fields is one slice of the text. The
 * text is byte text when `isByteText`, and the rules hold alike, as they test ASCII only.
 */
export class CsvTextRecord implements CsvRecord {
  readonly #parser: CsvSpanParser;
  readonly #isByteText: boolean;
  readonly #quoting: CsvQuoting;
  readonly #bounds: Int32Array;
  readonly #at: number;

  constructor(
    parser: CsvSpanParser,
    isByteText: boolean,
    quoting: CsvQuoting,
    bounds: Int32Array,
    at: number,
  ) {
    this.#parser = parser;
    this.#isByteText = isByteText;
    this.#quoting = quoting;
    this.#bounds = bounds;
    this.#at = at;
  }

  get delimiter(): string {
    return this.#parser.delimiter;
  }

  value(index: number): string {
    const value = this.#valueAsDecoded(index);
    return this.#isByteText ? textOfByteText(value) : value;
  }

  byteTextValue(index: number): string {
    const value = this.#valueAsDecoded(index);
    return this.#isByteText ? value : byteTextOfText(value);
  }

  /** The value of field `index` in the text as decoded: byte text when `isByteText`. */
  #valueAsDecoded(index: number): string {
    const at = this.#at + 2 * index;
    return this.#parser.value(this.#bounds[at] as number, this.#bounds[at + 1] as number);
  }

  written(from: number, to: number): string {
    const written = this.#writtenText(from, to);
    return this.#isByteText ? written : byteTextOfText(written);
  }

  /** `written` in the record's own text. */
  #writtenText(from: number, to: number): string {
    const bounds = this.#bounds;
    const parser = this.#parser;
    const first = this.#at + 2 * from;
    const last = this.#at + 2 * (to - 1);
    let plain = true;
    for (let at = first; at <= last && plain; at += 2) {
      plain = !parser.isQuoted(bounds[at] as number, bounds[at + 1] as number);
    }
    if (plain) return parser.text.slice(bounds[first], bounds[last + 1]);
    let out = '';
    for (let at = first; at <= last; at += 2) {
      const start = bounds[at] as number;
      const end = bounds[at + 1] as number;
      const value = parser.value(start, end);
      const text =
        parser.isQuoted(start, end) && this.#quoting.needsQuotes(value)
          ? parser.text.slice(start, end)
          : value;
      out += at === first ? text : parser.delimiter + text;
    }
    return out;
  }
}

const quotings = new Map<string, CsvQuoting>();

/** The quoting rules for a delimiter, one shared instance per delimiter. */
export function quotingFor(delimiter: string): CsvQuoting {
  let quoting = quotings.get(delimiter);
  if (quoting === undefined) quotings.set(delimiter, (quoting = new CsvQuoting(delimiter)));
  return quoting;
}

/** Fields `from` to `to` (exclusive) of a record, each value quoted by `quoting`, joined by its delimiter. */
export function writeValues(
  record: CsvRecord,
  from: number,
  to: number,
  quoting: CsvQuoting,
): string {
  let out = '';
  for (let i = from; i < to; i += 1) {
    out += (i === from ? '' : quoting.delimiter) + quoting.field(record.value(i));
  }
  return out;
}

/** A record given as its values (one csv-parse decided). */
export class CsvValuesRecord implements CsvRecord {
  readonly #values: readonly string[];
  readonly #quoting: CsvQuoting;

  constructor(values: readonly string[], quoting: CsvQuoting) {
    this.#values = values;
    this.#quoting = quoting;
  }

  get delimiter(): string {
    return this.#quoting.delimiter;
  }

  value(index: number): string {
    return this.#values[index] as string;
  }

  byteTextValue(index: number): string {
    return byteTextOfText(this.#values[index] as string);
  }

  written(from: number, to: number): string {
    return byteTextOfText(writeValues(this, from, to, this.#quoting));
  }
}
