import type { Row } from '@chunkline/contracts';
import { handleBadRecord } from './badRecord.ts';
import type { BatchCollector } from './batchCollector.ts';
import { LF } from './constants.ts';
import { rawText } from './rawText.ts';
import { joinBytes } from './retainedBytes.ts';
import type { BadRecordPolicy } from './types.ts';

const decoder = new TextDecoder();

/**
 * V8's JSON.parse message without the excerpt of the line it quotes (`Unexpected token 'c',
 * "canary-1@l"... is not valid JSON`): reasons end up in logs and job status, which never
 * hold record contents.
 */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(
      /^Unexpected token '.*?', (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s,
      'unexpected character',
    )
    .replace(/(?:\.\.\.)?"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '…');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Decodes JSON Lines: one JSON object per `\n`-terminated line (a `\r` before the `\n`
 * is allowed), blank lines skipped. Lines are decoded whole, so characters split across
 * input buffers are safe. Internal to `decodeRecords`.
 */
export class JsonlDecoder {
  readonly #batch: BatchCollector;
  readonly #policy: BadRecordPolicy;
  readonly #ownedStart: () => number;
  /** The current line's bytes so far, when it spans buffers. */
  #parts: Uint8Array[] = [];
  /** Offset, within the owned bytes, of the next byte to read. */
  #position = 0;
  #lineStart = 0;
  #line = 1;

  constructor(batch: BatchCollector, policy: BadRecordPolicy, ownedStart: () => number) {
    this.#batch = batch;
    this.#policy = policy;
    this.#ownedStart = ownedStart;
  }

  /** Decode lines from `bytes[from..]` until the batch is full; return the index reached. */
  feed(bytes: Uint8Array, from: number): number {
    let i = from;
    while (i < bytes.length && !this.#batch.full) {
      const newline = bytes.indexOf(LF, i);
      const stop = newline < 0 ? bytes.length : newline + 1;
      this.#parts.push(bytes.subarray(i, stop));
      this.#position += stop - i;
      i = stop;
      if (newline >= 0) this.#endLine();
    }
    return i;
  }

  /** The owned bytes ended: decode a last line that had no newline. */
  finish(): void {
    if (this.#parts.length > 0) this.#endLine();
  }

  #endLine(): void {
    const bytes = joinBytes(this.#parts);
    this.#parts = [];
    const line = this.#line;
    const offset = this.#lineStart;
    this.#line += 1;
    this.#lineStart = this.#position;
    const text = decoder.decode(bytes).replace(/\r?\n$/, '');
    if (text.trim() === '') return;
    let reason: string;
    let cause: unknown;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        this.#batch.addRow(value as Row, line, this.#ownedStart() + offset);
        return;
      }
      reason = `expected a JSON object, got ${describe(value)}`;
    } catch (error) {
      reason = `invalid JSON: ${jsonProblem(error)}`;
      cause = error;
    }
    handleBadRecord(this.#policy, this.#batch, {
      format: 'JSONL',
      line,
      offset: this.#ownedStart() + offset,
      reason,
      raw: () => rawText(bytes),
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
