import { FormatError } from '../errors.ts';
import { isJsonWhitespace, isScalarByte, JsonByte } from './jsonBytes.ts';
import { JsonLexer } from './jsonLexer.ts';
import type { JsonState } from './jsonState.ts';

/** What `ArrayScanner.scan` stopped at. */
export type ArrayEvent = 'none' | 'element' | 'end' | 'close';

/** Where an `ArrayScanner` starts. */
export interface ArrayScannerStart {
  /** The lexer state before the first byte scanned. */
  readonly state: JsonState;
  /** Offset of the first byte scanned (absolute, or within the owned bytes). */
  readonly position: number;
  /** True right after the array's `[` (or at the first byte of an owned region). */
  readonly atArrayStart: boolean;
  /** The byte before the first one scanned, when known: tells a number cut in two. */
  readonly previousByte: number | undefined;
  /** Absolute object offset of a position, for error messages. */
  readonly absolute: (position: number) => number;
}

/**
 * Follows the top level of a JSON array, one byte stream at a time, and stops at each
 * element's first byte, after each element's last byte, and at the array's closing `]`.
 * Elements are the values at depth 1: a number or literal (a run of bytes outside strings
 * bounded by whitespace, `,` or `]`), a string, an object or an array. Nested bytes go
 * through `JsonLexer` in bulk. Throws `InvalidArray` or `TrailingData` on bytes no array
 * can hold. Internal to the JSON array cutter and decoder.
 */
export class ArrayScanner {
  readonly lexer: JsonLexer;
  readonly #absolute: (position: number) => number;
  /** Offset of the next byte to scan. */
  position: number;
  /** Offset just past the last element byte scanned. */
  valueEnd: number;
  /** What the last `scan` stopped at, and the offset of that byte (or element end). */
  event: ArrayEvent = 'none';
  eventAt = -1;
  /** After `[` or `,`, the next significant byte starts an element; undefined: unknown. */
  #expecting: boolean | undefined;
  #afterOpen: boolean;
  #inScalar: boolean;

  constructor(start: ArrayScannerStart) {
    const { state } = start;
    this.lexer = new JsonLexer(state);
    this.#absolute = start.absolute;
    this.position = start.position;
    this.valueEnd = start.position;
    const top = !state.inString && state.depth === 1;
    this.#afterOpen = top && start.atArrayStart;
    this.#inScalar = top && !start.atArrayStart && isScalarByte(start.previousByte);
    this.#expecting = this.#afterOpen ? true : this.#inScalar ? false : undefined;
  }

  /** True between elements: not inside a string, a container or a number (or closed). */
  get atRest(): boolean {
    return !this.lexer.nested && !this.#inScalar;
  }

  /** True once the array's closing `]` has been scanned. */
  get closed(): boolean {
    return !this.lexer.inString && this.lexer.depth <= 0;
  }

  /**
   * Scan `bytes[from..to)` (the first at `position`) up to and including the next event;
   * returns the index reached. An element's `end` is reported before the byte after it is
   * consumed, so the same byte may then be reported as `close`.
   *
   * @throws FormatError `InvalidArray` (a misplaced `,`, `}` or `:`, two elements without a
   *   comma), `TrailingData` (non-whitespace after the closing `]`).
   */
  scan(bytes: Uint8Array, from: number, to: number): number {
    this.event = 'none';
    const lexer = this.lexer;
    let i = from;
    while (i < to) {
      if (lexer.nested) {
        const next = lexer.lex(bytes, i, to, true);
        this.position += next - i;
        this.valueEnd = this.position;
        i = next;
        if (!lexer.nested) {
          this.#expecting = false;
          return this.#stop('end', this.position, i);
        }
        continue;
      }
      const byte = bytes[i] ?? 0;
      const at = this.position;
      if (lexer.depth <= 0) {
        if (!isJsonWhitespace(byte))
          throw this.#fault('TrailingData', at, 'data after the closing ]');
      } else if (this.#inScalar) {
        if (isScalarByte(byte)) this.valueEnd = at + 1;
        else {
          this.#inScalar = false;
          return this.#stop('end', at, i);
        }
      } else if (byte === JsonByte.comma) {
        if (this.#expecting === true) {
          throw this.#fault(
            'InvalidArray',
            at,
            this.#afterOpen ? 'a comma before the first element' : 'two commas in a row',
          );
        }
        [this.#expecting, this.#afterOpen] = [true, false];
      } else if (byte === JsonByte.closeBracket) {
        if (this.#expecting === true && !this.#afterOpen) {
          throw this.#fault('InvalidArray', at, 'a comma right before the closing ]');
        }
        lexer.lex(bytes, i, i + 1);
        this.position += 1;
        return this.#stop('close', at, i + 1);
      } else if (byte === JsonByte.closeBrace || byte === JsonByte.colon) {
        throw this.#fault('InvalidArray', at, `a "${String.fromCharCode(byte)}" between elements`);
      } else if (!isJsonWhitespace(byte)) {
        if (this.#expecting === false) {
          throw this.#fault('InvalidArray', at, 'two elements without a comma between them');
        }
        [this.#expecting, this.#afterOpen] = [false, false];
        this.#inScalar = isScalarByte(byte);
        lexer.lex(bytes, i, i + 1);
        this.position += 1;
        this.valueEnd = this.position;
        return this.#stop('element', at, i + 1);
      }
      i += 1;
      this.position += 1;
    }
    return i;
  }

  /** The bytes ended where they are: report the end of a number that ran to here. */
  endOfInput(): boolean {
    if (!this.#inScalar) return false;
    this.#inScalar = false;
    this.event = 'end';
    this.eventAt = this.position;
    return true;
  }

  #stop(event: ArrayEvent, at: number, index: number): number {
    this.event = event;
    this.eventAt = at;
    return index;
  }

  #fault(code: 'InvalidArray' | 'TrailingData', at: number, what: string): FormatError {
    const offset = this.#absolute(at);
    return new FormatError(
      code,
      `formats: JSON array: ${what} at byte offset ${offset}; the object is not a valid JSON ` +
        'array: fix it, or process it as another format',
      { offset },
    );
  }
}
