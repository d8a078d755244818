import type { Row } from '@chunkline/contracts';
import { handleBadRecord } from '../badRecord.ts';
import type { BatchCollector } from '../batchCollector.ts';
import { LF } from '../constants.ts';
import { FormatError } from '../errors.ts';
import { rawText } from '../rawText.ts';
import { joinBytes } from '../retainedBytes.ts';
import type { BadRecordPolicy } from '../types.ts';
import { ArrayScanner } from './arrayScanner.ts';
import { JSON_ARRAY_START_STATE } from './jsonState.ts';

const decoder = new TextDecoder();

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Number of `\n` bytes in `bytes[from..to)`. */
function countLines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(LF, from); i >= 0 && i < to; i = bytes.indexOf(LF, i + 1)) count += 1;
  return count;
}

/**
 * Decodes the owned region of a JSON array chunk (elements separated by commas and
 * whitespace, as `JsonArrayCutter.cut` yields it): each element is found with the same
 * `ArrayScanner` the cutter uses and `JSON.parse`d whole, so characters split across
 * buffers are safe. An element that is not a JSON object is a bad record. Internal to
 * `decodeRecords`.
 */
export class JsonArrayDecoder {
  readonly #batch: BatchCollector;
  readonly #policy: BadRecordPolicy;
  readonly #ownedStart: () => number;
  readonly #scanner: ArrayScanner;
  /** The current element's bytes so far, when it spans buffers. */
  #parts: Uint8Array[] = [];
  /** The current element: its offset and line within the owned bytes. */
  #element: { readonly offset: number; readonly line: number } | undefined;
  /** Line of the next byte to count, and that byte's offset. */
  #line = 1;
  #counted = 0;

  constructor(batch: BatchCollector, policy: BadRecordPolicy, ownedStart: () => number) {
    this.#batch = batch;
    this.#policy = policy;
    this.#ownedStart = ownedStart;
    this.#scanner = new ArrayScanner({
      state: JSON_ARRAY_START_STATE,
      position: 0,
      atArrayStart: true,
      previousByte: undefined,
      absolute: (position) => this.#ownedStart() + position,
    });
  }

  /** Decode elements from `bytes[from..]` until the batch is full; return the index reached. */
  feed(bytes: Uint8Array, from: number): number {
    const scanner = this.#scanner;
    const base = scanner.position - from;
    let i = from;
    let partFrom = from;
    while (i < bytes.length && !this.#batch.full) {
      i = scanner.scan(bytes, i, bytes.length);
      if (scanner.event === 'element') {
        const at = scanner.eventAt - base;
        this.#countTo(bytes, base, at);
        this.#element = { offset: scanner.eventAt, line: this.#line };
        partFrom = at;
      } else if (scanner.event === 'end') {
        this.#parts.push(bytes.subarray(partFrom, scanner.eventAt - base));
        this.#endElement();
      } else if (scanner.event === 'close') {
        throw new FormatError(
          'InvalidOptions',
          `formats: decodeRecords: the JSON array's closing ] at byte offset ` +
            `${this.#ownedStart() + scanner.eventAt} is in the bytes to decode; pass only the ` +
            'owned bytes JsonArrayCutter.cut() yields',
          { offset: this.#ownedStart() + scanner.eventAt },
        );
      }
    }
    if (this.#element !== undefined) this.#parts.push(bytes.subarray(partFrom, i));
    this.#countTo(bytes, base, i);
    return i;
  }

  /** The owned bytes ended: decode a last element that ran to their end. */
  finish(): void {
    const scanner = this.#scanner;
    if (scanner.endOfInput() || (this.#element !== undefined && scanner.atRest)) {
      this.#endElement();
    } else if (this.#element !== undefined) {
      const { line, offset } = this.#element;
      this.#element = undefined;
      this.#reject(line, offset, 'the element is incomplete: the owned bytes end inside it');
    }
  }

  #countTo(bytes: Uint8Array, base: number, index: number): void {
    const from = this.#counted - base;
    if (index <= from) return;
    this.#line += countLines(bytes, Math.max(0, from), index);
    this.#counted = base + index;
  }

  #endElement(): void {
    const element = this.#element;
    const bytes = joinBytes(this.#parts);
    this.#parts = [];
    this.#element = undefined;
    if (element === undefined) return;
    let reason: string;
    let cause: unknown;
    try {
      const value: unknown = JSON.parse(decoder.decode(bytes));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        this.#batch.addRow(value as Row, element.line, this.#ownedStart() + element.offset);
        return;
      }
      reason = `array element is not an object: got ${describe(value)}`;
    } catch (error) {
      reason = `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
      cause = error;
    }
    this.#reject(element.line, element.offset, reason, bytes, cause);
  }

  #reject(
    line: number,
    offset: number,
    reason: string,
    bytes: Uint8Array = joinBytes(this.#parts),
    cause?: unknown,
  ): void {
    handleBadRecord(this.#policy, this.#batch, {
      format: 'JSON array',
      line,
      offset: this.#ownedStart() + offset,
      reason,
      raw: () => rawText(bytes),
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
