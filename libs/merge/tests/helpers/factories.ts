import fc from 'fast-check';
import type { ObjectRef } from '@chunkline/contracts';
import type { MergePlan, Piece, Slice } from '../../src/index.ts';
import type { MemoryObjectStore } from '@chunkline/testing';

/** Bucket the part objects live in. */
export const SOURCE_BUCKET = 'chunkline-parts';

/** Where merges write. */
export const DESTINATION: ObjectRef = { bucket: 'chunkline-output', key: 'jobs/job-1/output.csv' };

/** A piece before it exists: an object of this size, or literal bytes of this length. */
export type PieceSpec = {
  readonly kind: 'object' | 'bytes';
  readonly size: number;
  /** Object pieces: leading bytes left out of the output. */
  readonly skip?: number;
};

/** Bytes that differ by seed and position, so misplaced or repeated bytes show. */
export function patternBytes(seed: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (seed * 131 + index * 7 + 1) & 0xff;
  return bytes;
}

/** Concatenates byte arrays. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The key of the n-th part object. */
export function partKey(index: number): string {
  return `jobs/job-1/parts/${String(index).padStart(5, '0')}.csv`;
}

/**
 * Turns specs into pieces with distinct content; `sources` holds every object piece's
 * bytes by key and `expected` the concatenation a merge must produce.
 */
export function makePieces(specs: readonly PieceSpec[]): {
  readonly pieces: Piece[];
  readonly sources: Map<string, Uint8Array>;
  readonly expected: Uint8Array;
} {
  const sources = new Map<string, Uint8Array>();
  const chunks: Uint8Array[] = [];
  const pieces = specs.map((spec, index): Piece => {
    const bytes = patternBytes(index, spec.size);
    if (spec.kind === 'bytes') {
      chunks.push(bytes);
      return { kind: 'bytes', data: bytes };
    }
    const key = partKey(index);
    const skip = Math.min(spec.skip ?? 0, spec.size);
    chunks.push(bytes.subarray(skip));
    sources.set(key, bytes);
    return { kind: 'object', key, size: spec.size, ...(skip > 0 ? { skip } : {}) };
  });
  return { pieces, sources, expected: concatBytes(chunks) };
}

/** Like `makePieces`, and writes the object pieces into `store` under `SOURCE_BUCKET`. */
export function seedPieces(
  store: MemoryObjectStore,
  specs: readonly PieceSpec[],
): ReturnType<typeof makePieces> {
  const made = makePieces(specs);
  for (const [key, bytes] of made.sources) store.seed({ bucket: SOURCE_BUCKET, key }, bytes);
  return made;
}

/** Shorthands for readable layouts: `obj(20)`, `lit(3)`. */
export const obj = (size: number): PieceSpec => ({ kind: 'object', size });
export const lit = (size: number): PieceSpec => ({ kind: 'bytes', size });

/** The bytes a slice stands for, read from in-memory sources. */
export function renderSlice(slice: Slice, sources: ReadonlyMap<string, Uint8Array>): Uint8Array {
  if (slice.kind === 'bytes') return slice.data;
  const source = sources.get(slice.key);
  if (source === undefined) throw new Error(`test: no source ${slice.key}`);
  return source.subarray(slice.range.start, slice.range.end);
}

/** Each part's bytes (one entry for a single plan), rendered from in-memory sources. */
export function renderParts(
  plan: MergePlan,
  sources: ReadonlyMap<string, Uint8Array>,
): Uint8Array[] {
  if (plan.kind === 'single') {
    return [concatBytes(plan.slices.map((slice) => renderSlice(slice, sources)))];
  }
  return plan.parts.map(({ source }) =>
    source.kind === 'copy'
      ? renderSlice({ kind: 'object', key: source.key, range: source.range }, sources)
      : concatBytes(source.slices.map((slice) => renderSlice(slice, sources))),
  );
}

/** Compact layout of a plan: `'single:9'` or `['A:10', 'C:13']` (assemble/copy and size). */
export function describePlan(plan: MergePlan): string | string[] {
  if (plan.kind === 'single') {
    return `single:${renderSizes(plan.slices)}`;
  }
  return plan.parts.map(({ source }) =>
    source.kind === 'copy'
      ? `C:${source.range.end - source.range.start}`
      : `A:${renderSizes(source.slices)}`,
  );
}

function renderSizes(slices: readonly Slice[]): number {
  return slices.reduce(
    (sum, slice) =>
      sum + (slice.kind === 'bytes' ? slice.data.length : slice.range.end - slice.range.start),
    0,
  );
}

/**
 * Random piece layouts around a small part size: objects from empty to a few parts long,
 * and short literal byte runs (headers, separators).
 */
export function pieceSpecsArbitrary(minPartSize: number): fc.Arbitrary<PieceSpec[]> {
  const spec = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: minPartSize - 1 }).map(obj) },
    { weight: 3, arbitrary: fc.integer({ min: minPartSize, max: 7 * minPartSize }).map(obj) },
    {
      weight: 1,
      arbitrary: fc
        .record({ size: fc.integer({ min: 0, max: 3 * minPartSize }), skip: fc.nat(4) })
        .map(({ size, skip }): PieceSpec => ({ kind: 'object', size, skip: Math.min(skip, size) })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * minPartSize }).map(lit) },
  );
  return fc.array(spec, { maxLength: 25 });
}

/** Part limits scaled down so random layouts exercise every rule. */
export function limitsArbitrary(): fc.Arbitrary<{ minPartSize: number; maxPartSize: number }> {
  return fc
    .integer({ min: 1, max: 16 })
    .chain((minPartSize) =>
      fc
        .integer({ min: 2 * minPartSize, max: 5 * minPartSize })
        .map((maxPartSize) => ({ minPartSize, maxPartSize })),
    );
}

/** Random limits with a random piece layout around their part size. */
export function layoutArbitrary(): fc.Arbitrary<{
  limits: { minPartSize: number; maxPartSize: number };
  specs: PieceSpec[];
}> {
  return limitsArbitrary().chain((limits) =>
    fc.record({ limits: fc.constant(limits), specs: pieceSpecsArbitrary(limits.minPartSize) }),
  );
}
