/**
 * Recently read bytes, addressed by offset, kept so that a stretch can be read again.
 * Holds views of the input buffers, no copies. Internal.
 */
export class RetainedBytes {
  #pieces: Array<{ readonly at: number; readonly bytes: Uint8Array }> = [];

  /** Keep `bytes`, whose first byte is at offset `at` (right after the previous piece). */
  add(at: number, bytes: Uint8Array): void {
    if (bytes.length > 0) this.#pieces.push({ at, bytes });
  }

  /** Forget the bytes before `offset`. */
  dropBefore(offset: number): void {
    let keep = 0;
    while (keep < this.#pieces.length) {
      const piece = this.#pieces[keep];
      if (piece === undefined || piece.at + piece.bytes.length > offset) break;
      keep += 1;
    }
    if (keep > 0) this.#pieces.splice(0, keep);
  }

  /** Views of the kept bytes in `[from, to)` (only what is kept). */
  slice(from: number, to: number): Uint8Array[] {
    const views: Uint8Array[] = [];
    for (const { at, bytes } of this.#pieces) {
      const a = Math.max(from, at);
      const b = Math.min(to, at + bytes.length);
      if (a < b) views.push(bytes.subarray(a - at, b - at));
    }
    return views;
  }
}

/** Concatenate views into one array (no copy when there is just one). */
export function joinBytes(views: readonly Uint8Array[]): Uint8Array {
  if (views.length === 1 && views[0] !== undefined) return views[0];
  const total = views.reduce((sum, view) => sum + view.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const view of views) {
    joined.set(view, at);
    at += view.length;
  }
  return joined;
}
