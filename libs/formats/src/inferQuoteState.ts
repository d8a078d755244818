import type { QuoteState } from '@chunkline/contracts';
import { CR, DEFAULT_CSV_DELIMITER, LF, QUOTE } from './constants.ts';
import { delimiterByte } from './delimiter.ts';

/**
 * The state of a quote-state inference: what has been learnt about whether the scan's
 * start offset lies inside a quoted CSV field. Immutable; feed it with `inferQuoteState`.
 */
export interface QuoteScan {
  /** The decision about the start offset, or `undefined` while undecided. */
  readonly state: QuoteState | undefined;
  /** Byte value of the field delimiter. */
  readonly delimiter: number;
  /** Parity of the `"` bytes fed so far. */
  readonly parity: 0 | 1;
  /** Last byte fed (at first: the byte before the start offset, if known). */
  readonly previousByte: number | undefined;
  /**
   * The last byte fed was a `"` whose next byte is still unknown: whether it could open a
   * field, and the parity before it.
   */
  readonly pending: { readonly canOpen: boolean; readonly parityBefore: 0 | 1 } | undefined;
}

/** Options of `startQuoteScan`. */
export interface StartQuoteScanOptions {
  /** Field delimiter, one ASCII character. Default `,`. */
  readonly delimiter?: string | undefined;
  /** The byte just before the start offset; omit when unknown (start of data). */
  readonly previousByte?: number | undefined;
}

/** Begin inferring the quote state at some offset of a CSV body. */
export function startQuoteScan(options: StartQuoteScanOptions = {}): QuoteScan {
  return {
    state: undefined,
    delimiter: delimiterByte(options.delimiter ?? DEFAULT_CSV_DELIMITER, 'startQuoteScan'),
    parity: 0,
    previousByte: options.previousByte,
    pending: undefined,
  };
}

/** A byte a field-opening quote may follow, and a field-closing quote may precede. */
function isFieldEdge(byte: number, delimiter: number): boolean {
  return byte === delimiter || byte === LF || byte === CR || byte === QUOTE;
}

/**
 * The decision a quote gives, if it can only be one of opening or closing. Under the
 * toggle model (every `"` flips the state, `""` escapes included), the state before a
 * quote is `outside` when it opens and `inside` when it closes; the state at the start
 * differs from it by the parity of the quotes in between.
 */
function decide(canOpen: boolean, canClose: boolean, parityBefore: 0 | 1): QuoteState | undefined {
  if (canOpen === canClose) return undefined;
  const insideBefore = canClose;
  return insideBefore !== (parityBefore === 1) ? 'inside' : 'outside';
}

/**
 * Feed the next bytes after the start offset (successive calls continue where the last
 * one stopped) and return the updated scan. Pure: `scan` is not modified.
 *
 * Rule: a quote that opens a field must follow the delimiter, `\n`, `\r` or `"`; one that
 * closes a field must precede the delimiter, `\n`, `\r`, `"` or the end of the object. The
 * first quote that can only be one of the two decides, accounting for the parity of the
 * quotes since the start. On RFC 4180 input a decided `state` is never wrong; it stays
 * `undefined` as long as no quote decides (e.g. no quotes at all). Once decided, further
 * bytes are ignored.
 */
export function inferQuoteState(scan: QuoteScan, bytes: Uint8Array): QuoteScan {
  if (scan.state !== undefined || bytes.length === 0) return scan;
  const { delimiter } = scan;
  let parity = scan.parity;
  if (scan.pending !== undefined) {
    const first = bytes[0] ?? 0;
    const state = decide(
      scan.pending.canOpen,
      isFieldEdge(first, delimiter),
      scan.pending.parityBefore,
    );
    if (state !== undefined) return { ...scan, state, pending: undefined };
  }
  const last = bytes.length - 1;
  for (let i = bytes.indexOf(QUOTE); i >= 0; i = bytes.indexOf(QUOTE, i + 1)) {
    const before = i > 0 ? bytes[i - 1] : scan.previousByte;
    const canOpen = before === undefined || isFieldEdge(before, delimiter);
    const parityBefore = parity;
    parity = parity === 0 ? 1 : 0;
    if (i === last) {
      return { ...scan, parity, previousByte: QUOTE, pending: { canOpen, parityBefore } };
    }
    const state = decide(canOpen, isFieldEdge(bytes[i + 1] ?? 0, delimiter), parityBefore);
    if (state !== undefined)
      return { ...scan, state, parity, previousByte: bytes[last], pending: undefined };
  }
  return { ...scan, parity, previousByte: bytes[last], pending: undefined };
}

/**
 * Tell the scan the object ends after the bytes fed so far: a trailing quote may then
 * close a field. Call it only at the true end of the object.
 */
export function endQuoteScan(scan: QuoteScan): QuoteScan {
  if (scan.state !== undefined || scan.pending === undefined) return scan;
  const state = decide(scan.pending.canOpen, true, scan.pending.parityBefore);
  return { ...scan, state, pending: undefined };
}
