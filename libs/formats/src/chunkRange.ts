import { DEFAULT_INFERENCE_WINDOW } from './constants.ts';
import { FormatError } from './errors.ts';

/** Where a chunk lies in its object. Offsets are absolute byte offsets. */
export interface ChunkRange {
  readonly start: number;
  readonly end: number;
  readonly dataStart: number;
  readonly objectSize: number;
  readonly inferenceWindow?: number | undefined;
}

/**
 * Offset at which a cutter's byte source must begin: `start - 1` (the cutter looks at the
 * byte before `start`), or `start` when the chunk starts the data.
 */
export function chunkReadOffset(range: Pick<ChunkRange, 'start' | 'dataStart'>): number {
  return range.start === range.dataStart ? range.start : range.start - 1;
}

/** A `FormatError` `InvalidOptions` from `subsystem` (e.g. `RecordCutter`). */
export function invalidOptions(subsystem: string, message: string): FormatError {
  return new FormatError('InvalidOptions', `formats: ${subsystem}: ${message}`);
}

/**
 * Check a chunk's offsets and inference window.
 *
 * @throws FormatError `InvalidOptions` naming `subsystem`, the option and its value.
 */
export function validateChunkRange(range: ChunkRange, subsystem: string): void {
  const { start, end, dataStart, objectSize } = range;
  const invalid = (message: string): FormatError => invalidOptions(subsystem, message);
  for (const [name, value] of Object.entries({ start, end, dataStart, objectSize })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw invalid(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  if (dataStart > objectSize)
    throw invalid(`dataStart ${dataStart} exceeds objectSize ${objectSize}`);
  if (start < dataStart) {
    throw invalid(`start ${start} is before dataStart ${dataStart}; plan chunks from dataStart on`);
  }
  if (end < start) throw invalid(`end ${end} is before start ${start}`);
  const window = range.inferenceWindow ?? DEFAULT_INFERENCE_WINDOW;
  if (!Number.isSafeInteger(window) || window < 1) {
    throw invalid(`inferenceWindow must be a positive integer, got ${window}`);
  }
}

/**
 * The source's buffers from `chunkReadOffset(range)` on, clipped to the object, until
 * `stop()` holds; `fetched(offset)` hears the offset just past each buffer. Hands the
 * source back (`return()`) when stopping before its end.
 */
export async function* readChunkSource(
  source: AsyncIterable<Uint8Array>,
  range: ChunkRange,
  fetched: (offset: number) => void,
  stop: () => boolean = () => false,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { objectSize } = range;
  let offset = chunkReadOffset(range);
  fetched(offset);
  if (stop() || offset >= objectSize) return;
  for await (const chunk of source) {
    const bytes = chunk.subarray(0, Math.max(0, objectSize - offset));
    offset += bytes.length;
    fetched(offset);
    if (bytes.length > 0) yield bytes;
    if (stop() || offset >= objectSize) return;
  }
}

/** A `FormatError` `SourceEnded`: the source stopped at `fetched` before the cut was done. */
export function sourceEnded(
  subsystem: string,
  range: ChunkRange,
  fetched: number,
  what: string,
): FormatError {
  const { start, end, objectSize } = range;
  return new FormatError(
    'SourceEnded',
    `formats: ${subsystem}: the byte source ended at offset ${fetched}, before chunk ` +
      `[${start}, ${end}) found the end of its last ${what}; feed the object from offset ` +
      `${chunkReadOffset(range)} through to its end (objectSize ${objectSize})`,
    { offset: fetched },
  );
}
