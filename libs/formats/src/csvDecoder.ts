import type { Row } from '@chunkline/contracts';
import { parse } from 'csv-parse';
import type { OptionsWithColumns, Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { handleBadRecord } from './badRecord.ts';
import type { BatchCollector } from './batchCollector.ts';
import { CR, CSV_RECORD_DELIMITERS, LF, QUOTE, REJECT_RAW_LIMIT } from './constants.ts';
import { FormatError } from './errors.ts';
import type { CsvRecordShape } from './csvRecordShape.ts';
import { simpleCsvColumns } from './parseSimpleCsvRecord.ts';
import { rawText } from './rawText.ts';
import { RecordSpanText } from './recordSpanText.ts';
import { joinBytes, RetainedBytes } from './retainedBytes.ts';
import type { BadRecordPolicy } from './types.ts';

/** A record found by the splitter; offsets are within the owned bytes. */
interface SplitRecord {
  readonly start: number;
  readonly line: number;
  readonly first: number;
  end: number | undefined;
  /** The line at `end`: after the record's line break, if it has one. */
  endLine: number;
}

/** What a `CsvDecoder` needs besides its input. */
export interface CsvDecoderOptions<R> {
  readonly columns: readonly string[];
  /** Records as row objects or as `CsvRecord`s read by position (see `CsvRecordShape`). */
  readonly shape: CsvRecordShape<R>;
  readonly delimiter: string;
  readonly policy: BadRecordPolicy;
  readonly ownedStart: () => number;
  /**
   * Parse plain records without csv-parse (`CsvSpanParser`), same output. Default
   * true; a record that is not plain goes to csv-parse (see `CsvDecoder`).
   */
  readonly fastPath?: boolean;
}

/**
 * csv-parse's message without its line number, which counts from where that parser began,
 * and without the record contents some messages quote (`got "x"`, `value is "…"`): reasons
 * end up in logs and job status.
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/ (?:at|on) line \d+/g, '')
    .replace(/, value is ".*"$/s, '')
    .replace(/got "(?:[^"\\]|\\.)*"/g, 'got a character');
}

/** The index of the first `byte` at or after `from`, or the length when there is none. */
function nextIndex(view: Buffer, byte: number, from: number): number {
  const index = view.indexOf(byte, from);
  return index < 0 ? view.length : index;
}

/** A record of just `\n` or `\r\n`, which csv-parse skips. */
function isBlank(record: SplitRecord, terminated: boolean): boolean {
  const length = (record.end ?? record.start) - record.start;
  return record.first === LF || (terminated && length === 2 && record.first === CR);
}

/**
 * Decodes CSV records. Plain records (the vast majority) are parsed directly from the text
 * the splitter delimited, about five times faster than csv-parse; a record that is not plain
 * goes to csv-parse alone, which decides and reports it, and the fast path goes on after it
 * (the last, unterminated record of a chunk, and a record csv-parse will not decide alone,
 * hand the rest of the chunk to csv-parse's streaming parser). Its own splitter (the cutter's
 * quote-toggle rule) knows where each record starts and ends, so a bad record is reported
 * with its exact line and offset, and parsing resumes with a fresh parser right after it
 * rather than wherever csv-parse's own recovery would land. Internal to `decodeRecords`.
 */
export class CsvDecoder<R> {
  readonly #options: CsvDecoderOptions<R>;
  readonly #batch: BatchCollector<R>;
  readonly #retained = new RetainedBytes();
  /** Whether records are still parsed by the fast path (see `CsvDecoderOptions.fastPath`). */
  #fast: boolean;
  #inside = false;
  #line = 1;
  /** Offset, within the owned bytes, of the next byte to scan. */
  #position = 0;
  /** The record being scanned, once it has a byte. */
  #current: SplitRecord | undefined;
  /** Complete, non-blank records handed to the parser and not parsed yet. */
  #queue: SplitRecord[] = [];
  #parser: Parser | undefined;
  /** Offset of the current parser's first byte. */
  #base = 0;
  #failure: { reason: string; cause: unknown } | undefined;
  /** A bad record being skipped to its end, with the first bytes of it for `raw`. */
  #skipping:
    { record: SplitRecord; reason: string; raw: Uint8Array[]; rawBytes: number } | undefined;

  constructor(batch: BatchCollector<R>, options: CsvDecoderOptions<R>) {
    this.#batch = batch;
    this.#options = options;
    this.#fast = (options.fastPath ?? true) && simpleCsvColumns(options.columns);
    this.#restartAt(0);
  }

  /**
   * Decode from `bytes[from..]`, at most a batch's room of records; return the index reached.
   * The splitter jumps from `"` to `\n` with `indexOf` (memchr) rather than testing every
   * byte; each search's result is kept until passed, so every byte is searched at most twice.
   */
  feed(bytes: Uint8Array, from: number): number {
    const room = Math.max(1, this.#batch.size - this.#batch.count);
    const at = this.#position;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = bytes.length;
    let inside = this.#inside;
    let line = this.#line;
    let i = from;
    let quote = -1;
    let lf = -1;
    for (let ends = 0; i < length && ends < room;) {
      this.#current ??= {
        start: at + i - from,
        line,
        first: bytes[i] ?? 0,
        end: undefined,
        endLine: line,
      };
      if (quote < i) quote = nextIndex(view, QUOTE, i);
      if (lf < i) lf = nextIndex(view, LF, i);
      if (inside) {
        // Newlines inside quotes only count lines.
        while (lf < quote) {
          line += 1;
          lf = nextIndex(view, LF, lf + 1);
        }
        i = Math.min(quote + 1, length);
        if (quote < length) inside = false;
      } else if (quote < lf) {
        inside = true;
        i = quote + 1;
      } else if (lf < length) {
        line += 1;
        i = lf + 1;
        this.#endRecord(at + i - from, line, true);
        ends += 1;
      } else {
        i = length;
      }
    }
    this.#line = line;
    this.#inside = inside;
    this.#position += i - from;
    const scanned = bytes.subarray(from, i);
    this.#retained.add(at, scanned);
    this.#deliver(at, scanned);
    const pending = this.#skipping === undefined ? (this.#queue[0] ?? this.#current) : undefined;
    this.#retained.dropBefore(pending?.start ?? this.#position);
    return i;
  }

  /** The owned bytes ended: parse the rest, including a last record without a newline. */
  async finish(): Promise<void> {
    this.#endRecord(this.#position, this.#line, false);
    if (this.#fast) this.#deliverFast(false);
    if (this.#skipping !== undefined) this.#deliver(this.#position, new Uint8Array(0));
    for (;;) {
      const parser = this.#parser;
      if (parser !== undefined) await new Promise<void>((resolve) => parser.end(() => resolve()));
      if (this.#failure === undefined && this.#queue.length > 0) {
        this.#failure = { reason: 'csv-parse returned no record for it', cause: undefined };
      }
      if (this.#failure === undefined) return;
      this.#settle();
    }
  }

  #endRecord(end: number, endLine: number, terminated: boolean): void {
    const record = this.#current;
    this.#current = undefined;
    if (record === undefined) return;
    record.end = end;
    record.endLine = endLine;
    if (record !== this.#skipping?.record && !isBlank(record, terminated)) this.#queue.push(record);
  }

  /** Hand newly scanned bytes (the first at offset `at`) to the parser, or skip them. */
  #deliver(at: number, bytes: Uint8Array): void {
    let rest = bytes;
    const skipping = this.#skipping;
    if (skipping !== undefined) {
      const end = skipping.record.end;
      const upTo = end === undefined ? bytes.length : end - at;
      const take = Math.min(upTo, REJECT_RAW_LIMIT - skipping.rawBytes);
      if (take > 0) {
        skipping.raw.push(bytes.subarray(0, take));
        skipping.rawBytes += take;
      }
      if (end === undefined) return;
      this.#skipping = undefined;
      this.#reject(skipping.record, skipping.reason, skipping.raw);
      this.#restartAt(end);
      rest = bytes.subarray(upTo);
    }
    if (this.#fast) {
      this.#deliverFast(true);
      return;
    }
    this.#write(rest);
    this.#settle();
  }

  /**
   * Parse the complete records queued so far on the fast path, from one decoded text of
   * them all (see `RecordSpanText`). At the first that is not plain, switch to csv-parse for
   * good: a fresh parser at that record, fed every byte scanned since, which is the state the
   * csv-parse path would be in.
   */
  #deliverFast(terminatedAll: boolean): void {
    const queue = this.#queue;
    const first = queue[0];
    const last = queue.at(-1);
    if (first === undefined || last === undefined) return;
    const { columns, delimiter, shape } = this.#options;
    const spanEnd = last.end ?? this.#position;
    const bytes = joinBytes(this.#retained.slice(first.start, spanEnd));
    const span = new RecordSpanText(bytes, first.start, first.line, shape.byteText);
    const read = shape.reader(span, queue.length, columns, delimiter);
    for (let index = 0; index < queue.length; index += 1) {
      const record = queue[index] as SplitRecord;
      const end = record.end ?? this.#position;
      const terminated = terminatedAll || end < this.#position;
      const from = span.charOffset(record.start, record.line);
      const to = span.charOffset(end, record.endLine);
      const parsed = read(from, to, terminated);
      if (parsed !== undefined) {
        this.#batch.addRow(parsed, record.line, this.#options.ownedStart() + record.start);
        continue;
      }
      queue.splice(0, index);
      if (terminated && this.#decideAlone(record)) {
        index = -1;
        continue;
      }
      // csv-parse takes the rest of the chunk, from this record on.
      this.#fast = false;
      this.#restartAt(record.start);
      for (const view of this.#retained.slice(record.start, this.#position)) this.#write(view);
      this.#settle();
      return;
    }
    queue.length = 0;
  }

  /**
   * Let csv-parse decide one terminated record that is not plain, from the record's bytes
   * alone (its synchronous parser, to the end of them): it emits the record or refuses it
   * there as it would with the rest of the chunk after it, since at the record's end both
   * quote rules agree it is outside quotes. True when it did (the row or the reject is in,
   * the record off the queue), and the fast path goes on after it.
   */
  #decideAlone(record: SplitRecord): boolean {
    const end = record.end ?? this.#position;
    const bytes = joinBytes(this.#retained.slice(record.start, end));
    try {
      parseSync(
        bytes,
        this.#parseOptions(record.start, () => true),
      );
    } catch (error) {
      this.#fail(reasonOf(error), error);
    }
    if (this.#failure !== undefined) this.#recover(this.#failure);
    return this.#queue[0] !== record;
  }

  #write(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.#failure !== undefined) return;
    this.#parser?.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** While the parser has failed: blame the record at fault, restart after it, re-feed. */
  #settle(): void {
    while (this.#failure !== undefined) {
      const resume = this.#recover(this.#failure);
      if (resume === undefined) return;
      this.#restartAt(resume);
      for (const view of this.#retained.slice(this.#base, this.#position)) this.#write(view);
    }
  }

  /**
   * Drop the failed parser and fail or reject the record at fault. Returns the offset right
   * after that record, where parsing may resume; undefined when the record has not ended
   * yet, and is skipped to its end as its bytes come.
   */
  #recover(failure: { reason: string; cause: unknown }): number | undefined {
    this.#failure = undefined;
    this.#parser?.destroy();
    this.#parser = undefined;
    const record = this.#queue[0] ?? this.#current;
    if (record === undefined) {
      throw new FormatError(
        'BadRecord',
        `formats: csv-parse failed past the last CSV record: ${failure.reason}`,
        {
          cause: failure.cause,
        },
      );
    }
    if (this.#options.policy === 'fail') {
      const offset = this.#options.ownedStart() + record.start;
      const facts = { format: 'CSV', line: record.line, offset, reason: failure.reason } as const;
      handleBadRecord('fail', this.#batch, { ...facts, raw: () => '', cause: failure.cause });
    }
    if (record === this.#queue[0]) this.#queue.shift();
    const end = record.end;
    const raw = this.#retained.slice(
      record.start,
      Math.min(end ?? Infinity, record.start + REJECT_RAW_LIMIT),
    );
    if (end === undefined) {
      const rawBytes = raw.reduce((sum, view) => sum + view.length, 0);
      this.#skipping = { record, reason: failure.reason, raw, rawBytes };
      return undefined;
    }
    this.#reject(record, failure.reason, raw);
    return end;
  }

  #reject(record: SplitRecord, reason: string, raw: readonly Uint8Array[]): void {
    handleBadRecord('skip', this.#batch, {
      format: 'CSV',
      line: record.line,
      offset: this.#options.ownedStart() + record.start,
      reason,
      raw: () => rawText(joinBytes(raw)),
    });
  }

  #restartAt(base: number): void {
    this.#base = base;
    const parser: Parser = parse<Row>(this.#parseOptions(base, () => parser === this.#parser));
    parser.on('error', (error) => {
      if (parser === this.#parser) this.#fail(reasonOf(error), error);
    });
    this.#parser = parser;
  }

  /** csv-parse's options for a parser whose first byte is at `base`, heard while `current`. */
  #parseOptions(base: number, current: () => boolean): OptionsWithColumns<Row> {
    return {
      columns: [...this.#options.columns],
      delimiter: this.#options.delimiter,
      record_delimiter: CSV_RECORD_DELIMITERS,
      skip_empty_lines: true,
      bom: false,
      skip_records_with_error: true,
      on_record: (record, context) => {
        if (current()) this.#onRecord(record, base + context.bytes);
        return null;
      },
      on_skip: (error) => {
        if (current()) this.#fail(reasonOf(error), error);
      },
    };
  }

  #onRecord(row: Row, end: number): void {
    if (this.#failure !== undefined) return;
    const expected = this.#queue[0];
    if (expected?.end !== end) {
      const where = expected === undefined ? 'no record' : `a record ending at ${expected.end}`;
      this.#fail(`csv-parse ended a record at ${end} where the splitter has ${where}`, undefined);
      return;
    }
    this.#queue.shift();
    const { columns, shape, delimiter } = this.#options;
    const record = shape.fromRow(columns, row, delimiter);
    this.#batch.addRow(record, expected.line, this.#options.ownedStart() + expected.start);
  }

  #fail(reason: string, cause: unknown): void {
    this.#failure ??= { reason, cause };
  }
}
