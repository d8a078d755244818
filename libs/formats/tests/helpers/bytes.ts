import { seededRandom } from '@chunkline/sample-data';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `bytes` as UTF-8 text. */
export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Concatenate byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Drain an async byte stream into one array. */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return concat(parts);
}

/** Small deterministic PRNG, for piece sizes. */
export const prng = seededRandom;

/** How a test source splits bytes into buffers: whole, fixed-size, or random sizes 1..7. */
export type Pieces =
  | { readonly kind: 'whole' }
  | { readonly kind: 'fixed'; readonly size: number }
  | { readonly kind: 'random'; readonly seed: number };

/** Split `bytes` into buffers as `pieces` says. */
export function split(bytes: Uint8Array, pieces: Pieces): Uint8Array[] {
  if (pieces.kind === 'whole') return bytes.length === 0 ? [] : [bytes];
  const random = pieces.kind === 'random' ? prng(pieces.seed) : () => 0;
  const fixed = pieces.kind === 'fixed' ? pieces.size : undefined;
  const sizeOf = (): number => fixed ?? 1 + Math.floor(random() * 7);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = sizeOf();
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** What a `meteredSource` has handed out. */
export interface SourceMeter {
  /** Bytes yielded so far. */
  pulled: number;
  /** Size of the last buffer yielded. */
  lastSize: number;
  /** True once the consumer called `return()` before the end. */
  returned: boolean;
}

/**
 * An async byte source over `bytes[from..]` in the given pieces, that counts what it
 * yields and notices when the consumer hands it back early.
 */
export function meteredSource(
  bytes: Uint8Array,
  from: number,
  pieces: Pieces,
): { source: AsyncIterable<Uint8Array>; meter: SourceMeter } {
  const meter: SourceMeter = { pulled: 0, lastSize: 0, returned: false };
  const buffers = split(bytes.subarray(from), pieces);
  async function* generate(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      for (const buffer of buffers) {
        meter.pulled += buffer.length;
        meter.lastSize = buffer.length;
        yield buffer;
      }
      finished = true;
    } finally {
      if (!finished) meter.returned = true;
    }
  }
  return { source: generate(), meter };
}

/** An async byte source over `bytes[from..]` in the given pieces. */
export function sourceOf(
  bytes: Uint8Array,
  from = 0,
  pieces: Pieces = { kind: 'whole' },
): AsyncIterable<Uint8Array> {
  return meteredSource(bytes, from, pieces).source;
}
