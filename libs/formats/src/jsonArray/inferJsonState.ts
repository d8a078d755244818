import type { StartStateSource } from '../types.ts';
import { isJsonWhitespace, JsonByte } from './jsonBytes.ts';
import { JsonLexer } from './jsonLexer.ts';
import type { JsonState } from './jsonState.ts';

/** Relative depths are counted from this, so the lexer never reaches the top level. */
const BASE_DEPTH = 1 << 30;

/** Bytes that may appear outside strings in JSON, besides whitespace and `"`. */
const OUTSIDE = new Uint8Array(128);
for (const char of '{}[],:0123456789+-.truefalsnE') OUTSIDE[char.charCodeAt(0)] = 1;

/** Bytes after which a string may open (outside strings). */
const BEFORE_STRING = new Set<number>([
  JsonByte.openBrace,
  JsonByte.openBracket,
  JsonByte.comma,
  JsonByte.colon,
]);
/** Bytes that may follow a string (outside strings). */
const AFTER_STRING = new Set<number>([
  JsonByte.comma,
  JsonByte.colon,
  JsonByte.closeBrace,
  JsonByte.closeBracket,
]);

/** One reading of the bytes: a start state's string phase, followed until contradicted. */
interface Hypothesis {
  readonly inString: boolean;
  readonly escaped: boolean;
  readonly lexer: JsonLexer;
  alive: boolean;
  /** Lowest depth reached, and lowest depth of a `,`, relative to the start. */
  minDepth: number;
  minCommaDepth: number | undefined;
  /** Depth after the last closing bracket, counted once a significant byte follows it. */
  closedTo: number | undefined;
  /** Last significant byte outside strings (`"` once a string closed), if known. */
  last: number | undefined;
}

function hypothesis(inString: boolean, escaped: boolean, last?: number): Hypothesis {
  const lexer = new JsonLexer({ inString, escaped, depth: BASE_DEPTH });
  return {
    inString,
    escaped,
    lexer,
    alive: true,
    minDepth: 0,
    minCommaDepth: undefined,
    closedTo: undefined,
    last,
  };
}

/** Whether `byte`, read outside strings right after `last`, is possible in JSON. */
function possibleOutside(byte: number, last: number | undefined): boolean {
  if (last === JsonByte.quote && !AFTER_STRING.has(byte)) return false;
  if (byte === JsonByte.quote || byte === JsonByte.openBrace || byte === JsonByte.openBracket) {
    return last === undefined || BEFORE_STRING.has(last);
  }
  return byte < 128 && OUTSIDE[byte] === 1;
}

function observe(h: Hypothesis, bytes: Uint8Array, i: number): void {
  const { lexer } = h;
  const byte = bytes[i] ?? 0;
  if (lexer.inString) {
    if (byte < 0x20) h.alive = false;
    lexer.lex(bytes, i, i + 1);
    if (!lexer.inString) h.last = JsonByte.quote;
    return;
  }
  if (isJsonWhitespace(byte)) return;
  if (!possibleOutside(byte, h.last)) {
    h.alive = false;
    return;
  }
  // The array's own closing ] is followed by nothing but whitespace: it never counts.
  if (h.closedTo !== undefined) h.minDepth = Math.min(h.minDepth, h.closedTo);
  const depth = lexer.depth - BASE_DEPTH;
  if (byte === JsonByte.comma) h.minCommaDepth = Math.min(h.minCommaDepth ?? depth, depth);
  lexer.lex(bytes, i, i + 1);
  h.last = byte;
  const closing = byte === JsonByte.closeBrace || byte === JsonByte.closeBracket;
  h.closedTo = closing ? lexer.depth - BASE_DEPTH : undefined;
}

/** What `JsonStateInference` concluded. */
export interface JsonStateGuess {
  readonly state: JsonState;
  /** `inferred`: one reading survived and a `,` (or the object's end) fixed the depth. */
  readonly how: Exclude<StartStateSource, 'given'>;
}

/**
 * Infers the JSON lexer state at an offset inside a JSON array from the bytes after it
 * (and the one before). Three readings are followed at once — outside a string, inside
 * one, inside one right after a backslash — and a reading dies on a byte it cannot
 * explain: a raw control character inside a string; outside one a backslash, a non-ASCII
 * byte, a letter no literal has, a string not preceded by `{ [ , :` or not followed by
 * `, : } ]`. The depth of the survivor is 1 minus the lowest relative depth of its commas
 * and closing brackets (exact once a comma between two top-level elements was seen), or
 * exact from the object's end when that was reached. Internal to the cutter; see
 * `inferJsonState` for the one-shot form.
 */
export class JsonStateInference {
  readonly #hypotheses: Hypothesis[];

  /** `previousByte`: the byte just before the offset. */
  constructor(previousByte: number) {
    if (previousByte === JsonByte.backslash) {
      this.#hypotheses = [hypothesis(true, true), hypothesis(true, false)];
    } else if (previousByte < 0x20) {
      this.#hypotheses = [hypothesis(false, false)];
    } else if (previousByte >= 0x80) {
      this.#hypotheses = [hypothesis(true, false)];
    } else {
      const blank = isJsonWhitespace(previousByte);
      const outside = hypothesis(false, false, blank ? undefined : previousByte);
      // Outside a string, the byte before was lexed outside too (or closed a string).
      outside.alive =
        blank || previousByte === JsonByte.quote || possibleOutside(previousByte, undefined);
      this.#hypotheses = [outside, hypothesis(true, false)];
    }
  }

  /** Feed the next bytes after the offset (successive calls continue). */
  observe(bytes: Uint8Array): void {
    for (const h of this.#hypotheses) {
      for (let i = 0; i < bytes.length && h.alive; i += 1) observe(h, bytes, i);
    }
  }

  /** The best guess from the bytes fed; `objectEnds` when they ran to the object's end. */
  conclude(objectEnds: boolean): JsonStateGuess {
    const alive = this.#hypotheses.filter((h) => h.alive);
    const chosen = alive[0] ?? this.#hypotheses[0];
    if (chosen === undefined) throw new Error('unreachable: no hypotheses');
    const { inString, escaped } = chosen;
    const decided = alive.length === 1;
    if (objectEnds) {
      const depth = BASE_DEPTH - chosen.lexer.depth;
      const lowest = Math.min(chosen.minDepth, chosen.closedTo ?? 0);
      const closed = !chosen.lexer.inString && depth >= 0 && depth + lowest >= 0;
      const how = decided && closed ? 'inferred' : 'assumed';
      return { state: { inString, escaped, depth: Math.max(0, depth) }, how };
    }
    const lowest = Math.min(chosen.minCommaDepth ?? 0, chosen.minDepth);
    const how = decided && chosen.minCommaDepth !== undefined ? 'inferred' : 'assumed';
    return { state: { inString, escaped, depth: 1 - lowest }, how };
  }
}

/**
 * Best-effort guess of the JSON lexer state at an offset inside a JSON array object, from
 * the byte before it and the bytes after it (`following`; `objectEnds` when they run to
 * the object's end). See `JsonStateInference` for the rule; `how` is `assumed` when the
 * bytes did not decide, and the guess may be wrong either way: check it with
 * `resolveJsonChain`.
 */
export function inferJsonState(
  previousByte: number,
  following: Uint8Array,
  objectEnds: boolean,
): JsonStateGuess {
  const inference = new JsonStateInference(previousByte);
  inference.observe(following);
  return inference.conclude(objectEnds);
}
