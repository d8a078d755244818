import { JsonByte } from './jsonBytes.ts';
import type { JsonState } from './jsonState.ts';

/**
 * The one definition of the JSON lexing rule Chunkline splits arrays with. Inside a
 * string, a `\` escapes the next byte and an unescaped `"` ends the string; outside, `"`
 * starts a string, `[` and `{` go one level deeper, `]` and `}` one level up. Everything
 * else leaves the state alone. Mutable and synchronous; internal to the library.
 */
export class JsonLexer {
  inString: boolean;
  escaped: boolean;
  depth: number;

  constructor(state: JsonState) {
    this.inString = state.inString;
    this.escaped = state.escaped;
    this.depth = state.depth;
  }

  /** The state after the bytes lexed so far. */
  get state(): JsonState {
    return { inString: this.inString, escaped: this.escaped, depth: this.depth };
  }

  /** True inside a string or below the array's top level (depth ≥ 2). */
  get nested(): boolean {
    return this.inString || this.depth >= 2;
  }

  /**
   * Lex `bytes[from..to)`; with `untilTop`, stop before the first byte that would be read
   * at the top level (outside strings at depth ≤ 1). Returns the index reached.
   */
  lex(bytes: Uint8Array, from: number, to: number, untilTop = false): number {
    let { inString, escaped, depth } = this;
    let i = from;
    for (; i < to; i += 1) {
      const byte = bytes[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === JsonByte.backslash) escaped = true;
        else if (byte === JsonByte.quote) inString = false;
      } else if (untilTop && depth <= 1) {
        break;
      } else if (byte === JsonByte.quote) {
        inString = true;
      } else if (byte === JsonByte.openBrace || byte === JsonByte.openBracket) {
        depth += 1;
      } else if (byte === JsonByte.closeBrace || byte === JsonByte.closeBracket) {
        depth -= 1;
      }
    }
    this.inString = inString;
    this.escaped = escaped;
    this.depth = depth;
    return i;
  }
}
