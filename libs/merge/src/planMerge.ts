import { DEFAULT_MAX_PART_SIZE, DEFAULT_MAX_PARTS, DEFAULT_MIN_PART_SIZE } from './constants.ts';
import { MergeError, MergeErrorCode } from './errors.ts';
import { sliceLength } from './sliceLength.ts';
import type { MergePlan, MergePlanOptions, Piece, PlannedPart, Slice } from './types.ts';

/** `MergePlanOptions` with every default applied. */
export interface ResolvedMergePlanOptions {
  readonly minPartSize: number;
  readonly maxPartSize: number;
  readonly maxParts: number;
  readonly singleThreshold: number;
}

const planOptionKeys: ReadonlySet<string> = new Set([
  'minPartSize',
  'maxPartSize',
  'maxParts',
  'singleThreshold',
]);

/**
 * Plans how to assemble ordered pieces into one output object, in one greedy pass.
 *
 * - Outputs smaller than `singleThreshold` (and empty outputs) become one `PutObject`.
 * - Otherwise small pieces and literal bytes gather in a pending part, flushed as an
 *   `assemble` part as soon as it reaches `minPartSize`. A piece of at least `minPartSize`
 *   is copied server-side (`UploadPartCopy`, split into ranges of at most `maxPartSize`);
 *   if a pending part is open, the piece first tops it up to exactly `minPartSize` and only
 *   its remainder is copied (or becomes pending, when smaller than `minPartSize`).
 *
 * Guarantees: the parts' sources concatenate to the pieces byte for byte; every part but
 * the last has at least `minPartSize` bytes; no part exceeds `maxPartSize`; an `assemble`
 * part is smaller than `2 × minPartSize` (the merger's memory per part); parts are numbered
 * 1..n. Empty pieces are skipped.
 *
 * @param pieces - The merge inputs, in output order.
 * @param options - Limits; defaults are S3's (5 MiB, 5 GiB, 10,000 parts; single below 5 MiB).
 * @throws MergeError `InvalidOptions` or `InvalidPiece` for bad input, `TooManyParts` when
 *   the output needs more than `maxParts` parts.
 */
export function planMerge(pieces: readonly Piece[], options: MergePlanOptions = {}): MergePlan {
  const resolved = resolveMergePlanOptions(options);
  const slices = piecesToSlices(pieces);
  const total = slices.reduce((sum, slice) => sum + sliceLength(slice), 0);
  if (total === 0) return { kind: 'single', slices: [] };
  if (total < resolved.singleThreshold) return { kind: 'single', slices };

  const parts = planParts(slices, resolved);
  if (parts.length > resolved.maxParts) {
    const perChunk = Math.max(resolved.minPartSize, Math.ceil(total / resolved.maxParts));
    throw new MergeError(
      MergeErrorCode.tooManyParts,
      `merge of ${pieces.length} pieces (${total} bytes) needs ${parts.length} parts, but one ` +
        `multipart upload may have at most ${resolved.maxParts}; use a larger chunk size ` +
        `(at least ${perChunk} bytes per chunk) so there are fewer, larger part objects`,
    );
  }
  return { kind: 'multipart', parts };
}

/**
 * Applies the defaults of `MergePlanOptions` and checks the values.
 *
 * @throws MergeError `InvalidOptions` naming the option and the value.
 */
export function resolveMergePlanOptions(options: MergePlanOptions = {}): ResolvedMergePlanOptions {
  for (const key of Object.keys(options)) {
    if (!planOptionKeys.has(key)) {
      throw invalidOption(
        `unknown merge plan option '${key}'; known: ${[...planOptionKeys].join(', ')}`,
      );
    }
  }
  const minPartSize = options.minPartSize ?? DEFAULT_MIN_PART_SIZE;
  const maxPartSize = options.maxPartSize ?? DEFAULT_MAX_PART_SIZE;
  const maxParts = options.maxParts ?? DEFAULT_MAX_PARTS;
  const singleThreshold = options.singleThreshold ?? minPartSize;

  if (!Number.isSafeInteger(minPartSize) || minPartSize < 1) {
    throw invalidOption(
      `merge minPartSize must be a whole number of bytes ≥ 1, got ${minPartSize}`,
    );
  }
  if (!Number.isSafeInteger(maxPartSize) || maxPartSize < 2 * minPartSize) {
    throw invalidOption(
      `merge maxPartSize must be a whole number of bytes ≥ 2 × minPartSize (${2 * minPartSize}), ` +
        `got ${maxPartSize}`,
    );
  }
  if (!Number.isSafeInteger(maxParts) || maxParts < 1) {
    throw invalidOption(`merge maxParts must be a whole number ≥ 1, got ${maxParts}`);
  }
  if (
    !Number.isSafeInteger(singleThreshold) ||
    singleThreshold < 0 ||
    singleThreshold > maxPartSize
  ) {
    throw invalidOption(
      `merge singleThreshold must be a whole number of bytes between 0 and maxPartSize ` +
        `(${maxPartSize}), got ${singleThreshold}`,
    );
  }
  return { minPartSize, maxPartSize, maxParts, singleThreshold };
}

function invalidOption(message: string): MergeError {
  return new MergeError(MergeErrorCode.invalidOptions, message);
}

/** Checks the pieces and turns the non-empty ones into whole-piece slices. */
function piecesToSlices(pieces: readonly Piece[]): Slice[] {
  const slices: Slice[] = [];
  pieces.forEach((piece, index) => {
    if (piece.kind === 'object') {
      if (typeof piece.key !== 'string' || piece.key.length === 0) {
        throw invalidPiece(`merge piece ${index} has an empty object key`);
      }
      if (!Number.isSafeInteger(piece.size) || piece.size < 0) {
        throw invalidPiece(
          `merge piece ${index} (${piece.key}) has size ${piece.size}; sizes must be whole numbers of bytes ≥ 0`,
        );
      }
      const skip = piece.skip ?? 0;
      if (!Number.isSafeInteger(skip) || skip < 0 || skip > piece.size) {
        throw invalidPiece(
          `merge piece ${index} (${piece.key}) skips ${skip} bytes of ${piece.size}; skip must be a whole number between 0 and the size`,
        );
      }
      if (piece.size > skip) {
        slices.push({ kind: 'object', key: piece.key, range: { start: skip, end: piece.size } });
      }
    } else if (piece.kind === 'bytes') {
      if (!(piece.data instanceof Uint8Array)) {
        throw invalidPiece(`merge piece ${index} is a bytes piece whose data is not a Uint8Array`);
      }
      if (piece.data.length > 0) slices.push({ kind: 'bytes', data: piece.data });
    } else {
      const kind: unknown = (piece as { kind?: unknown }).kind;
      throw invalidPiece(
        `merge piece ${index} has unknown kind ${JSON.stringify(kind)}; expected 'object' or 'bytes'`,
      );
    }
  });
  return slices;
}

function invalidPiece(message: string): MergeError {
  return new MergeError(MergeErrorCode.invalidPiece, message);
}

/** The greedy pass over non-empty piece slices (objects from their first kept byte). */
function planParts(slices: readonly Slice[], options: ResolvedMergePlanOptions): PlannedPart[] {
  const { minPartSize: min, maxPartSize: max } = options;
  const parts: PlannedPart[] = [];
  let pending: Slice[] = [];
  let pendingSize = 0;

  const flush = (): void => {
    if (pendingSize === 0) return;
    parts.push({ partNumber: parts.length + 1, source: { kind: 'assemble', slices: pending } });
    pending = [];
    pendingSize = 0;
  };
  const addPending = (slice: Slice): void => {
    pending.push(slice);
    pendingSize += sliceLength(slice);
    if (pendingSize >= min) flush();
  };
  const copy = (key: string, start: number, end: number): void => {
    const size = end - start;
    const count = Math.ceil(size / max);
    const base = Math.floor(size / count);
    const longer = size % count;
    let at = start;
    for (let index = 0; index < count; index += 1) {
      const length = base + (index < longer ? 1 : 0);
      const range = { start: at, end: at + length };
      parts.push({ partNumber: parts.length + 1, source: { kind: 'copy', key, range } });
      at += length;
    }
  };

  for (const slice of slices) {
    if (slice.kind === 'bytes') {
      let data = slice.data;
      // Literal bytes are normally tiny; a long run is cut so a part stays below 2 × min.
      while (data.length > 0) {
        if (pendingSize + data.length < 2 * min) {
          addPending({ kind: 'bytes', data });
          break;
        }
        const take = min - pendingSize;
        addPending({ kind: 'bytes', data: data.subarray(0, take) });
        data = data.subarray(take);
      }
      continue;
    }

    const { key } = slice;
    const { start, end } = slice.range;
    if (end - start < min) {
      addPending(slice);
      continue;
    }
    let offset = start;
    if (pendingSize > 0) {
      offset = start + min - pendingSize;
      addPending({ kind: 'object', key, range: { start, end: offset } });
    }
    const rest = end - offset;
    if (rest >= min) copy(key, offset, end);
    else if (rest > 0) addPending({ kind: 'object', key, range: { start: offset, end } });
  }
  flush();
  return parts;
}
