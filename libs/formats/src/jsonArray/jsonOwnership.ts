import { FormatError } from '../errors.ts';
import { joinBytes } from '../retainedBytes.ts';
import { ArrayScanner } from './arrayScanner.ts';
import type { JsonState } from './jsonState.ts';

/** Where a chunk lies in its JSON array object, and the lexer state at its start. */
export interface JsonOwnershipBounds {
  readonly start: number;
  readonly end: number;
  readonly dataStart: number;
  readonly objectSize: number;
  readonly state: JsonState;
}

/**
 * The synchronous core of `JsonArrayCutter`: consumes the object's bytes from
 * `jsonReadOffset` on and tells which of them belong to the elements starting in
 * `[start, end)`, from the first byte of the first through the last byte of the last.
 * Separators between owned elements are held (copied) until the next owned element shows
 * they are inside the owned region. Internal.
 */
export class JsonOwnership {
  readonly #bounds: JsonOwnershipBounds;
  /** `min(end, objectSize)`: where `endState` is taken and ownership of new elements stops. */
  readonly #boundary: number;
  #scanner: ArrayScanner | undefined;
  /** Absolute offset of the next byte to consume. */
  #position: number;
  /** Owned bytes are yielded up to here; separators after it are held in `#held`. */
  #emitted = 0;
  #held: Uint8Array[] = [];
  ownedStart: number | undefined;
  ownedEnd: number | undefined;
  endState: JsonState | undefined;
  /** True once the last owned element is complete and `endState` known. */
  done = false;

  constructor(bounds: JsonOwnershipBounds) {
    this.#bounds = bounds;
    this.#boundary = Math.min(bounds.end, bounds.objectSize);
    this.#position = bounds.start === bounds.dataStart ? bounds.start : bounds.start - 1;
    if (bounds.start >= this.#boundary) {
      this.done = true;
      this.endState = bounds.state;
    }
  }

  /** Absolute offset of the next byte expected. */
  get position(): number {
    return this.#position;
  }

  /** True while inside an element's string, container or number. */
  get inElement(): boolean {
    return this.#scanner !== undefined && !this.#scanner.atRest;
  }

  /**
   * Consume the next buffer; return the owned bytes it completes (possibly none).
   *
   * @throws FormatError `InvalidArray`, `TrailingData`, `UnclosedArray`.
   */
  consume(bytes: Uint8Array): Uint8Array[] {
    const { start, objectSize } = this.#bounds;
    const base = this.#position;
    const limit = Math.min(bytes.length, objectSize - base);
    if (this.done || limit <= 0) return [];
    let i = 0;
    if (base < start) i = 1;
    const scanner = (this.#scanner ??= new ArrayScanner({
      state: this.#bounds.state,
      position: start,
      atArrayStart: start === this.#bounds.dataStart,
      previousByte: base < start ? bytes[0] : undefined,
      absolute: (position) => position,
    }));
    for (;;) {
      const at = base + i;
      if (at >= this.#boundary) {
        this.endState ??= scanner.lexer.state;
        if (at >= objectSize && !scanner.closed) throw this.#unclosed(scanner);
        if (this.ownedStart === undefined || scanner.atRest) {
          this.done = true;
          break;
        }
      }
      if (i >= limit) break;
      const stop = at < this.#boundary ? Math.min(limit, this.#boundary - base) : limit;
      i = scanner.scan(bytes, i, stop);
      if (scanner.event === 'element' && this.ownedStart === undefined) {
        this.ownedStart = scanner.eventAt;
        this.#emitted = scanner.eventAt;
      }
    }
    this.#position = base + i;
    if (this.ownedStart === undefined) return [];
    if (this.done) this.ownedEnd = scanner.valueEnd;
    return this.#emit(bytes, base, scanner.valueEnd, i);
  }

  /** Owned bytes up to `valueEnd`; holds the separators after it when more may follow. */
  #emit(bytes: Uint8Array, base: number, valueEnd: number, consumed: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (valueEnd > this.#emitted) {
      if (this.#held.length > 0) out.push(joinBytes(this.#held.splice(0)));
      out.push(bytes.subarray(Math.max(this.#emitted, base) - base, valueEnd - base));
      this.#emitted = valueEnd;
    }
    if (!this.done) {
      const tail = bytes.subarray(Math.max(this.#emitted, base) - base, consumed);
      if (tail.length > 0) this.#held.push(tail.slice());
    }
    return out;
  }

  #unclosed(scanner: ArrayScanner): FormatError {
    const { objectSize } = this.#bounds;
    const { depth, inString } = scanner.lexer;
    const where = inString ? `inside a string at depth ${depth}` : `at depth ${depth}`;
    return new FormatError(
      'UnclosedArray',
      `formats: JSON array: the object ends at byte offset ${objectSize} ${where}, before the ` +
        "array's closing ]; the object is truncated or not a JSON array: fix it, or process " +
        'it as another format',
      { offset: objectSize },
    );
  }
}
