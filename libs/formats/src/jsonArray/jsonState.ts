/**
 * The JSON lexer's state at a byte offset of a JSON array object: whether the offset lies
 * inside a string, whether the byte before it was an unescaped backslash in that string,
 * and the bracket depth. Depth 1 is directly inside the top-level array (between or inside
 * its elements' first bytes), 0 before its `[` or after its closing `]`.
 */
export interface JsonState {
  readonly inString: boolean;
  readonly escaped: boolean;
  readonly depth: number;
}

/** The state at `dataStart`, just after the array's opening `[`: depth 1, outside strings. */
export const JSON_ARRAY_START_STATE: JsonState = Object.freeze({
  inString: false,
  escaped: false,
  depth: 1,
});

/** True when two states are the same. */
export function sameJsonState(a: JsonState, b: JsonState): boolean {
  return a.inString === b.inString && a.escaped === b.escaped && a.depth === b.depth;
}

/** `state` as text for messages, e.g. `{ inString: false, escaped: false, depth: 1 }`. */
export function describeJsonState(state: JsonState): string {
  return `{ inString: ${state.inString}, escaped: ${state.escaped}, depth: ${state.depth} }`;
}
