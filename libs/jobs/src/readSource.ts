import type { ObjectRef, ObjectStore } from '@chunkline/contracts';

/** Bytes fetched per request while streaming a chunk. */
export const READ_BLOCK_SIZE = 8 * 1024 * 1024;
/** First read past a chunk's end, to finish its last record; doubles while more is needed. */
export const OVERREAD_START = 64 * 1024;

/**
 * The byte ranges that stream an object from `from` to its end: the chunk's own range
 * (plus a small over-read) in blocks of at most `READ_BLOCK_SIZE`, then growing blocks
 * past it. A reader that stops early fetches little beyond what it used.
 */
export function* readBlocks(
  from: number,
  chunkEnd: number,
  size: number,
): Generator<{ start: number; end: number }> {
  let at = from;
  const firstEnd = Math.min(size, Math.max(chunkEnd + OVERREAD_START, from));
  while (at < firstEnd) {
    const end = Math.min(firstEnd, at + READ_BLOCK_SIZE);
    yield { start: at, end };
    at = end;
  }
  let step = OVERREAD_START;
  while (at < size) {
    step = Math.min(step * 2, READ_BLOCK_SIZE);
    const end = Math.min(size, at + step);
    yield { start: at, end };
    at = end;
  }
}

/**
 * Stream one version of an object from `from` onwards, with `If-Match` on every read so
 * a changed object fails instead of mixing versions. The next block is fetched while the
 * current one is consumed, so network and parsing overlap; memory is two blocks.
 */
export async function* readSource(
  store: ObjectStore,
  ref: ObjectRef,
  etag: string,
  from: number,
  chunkEnd: number,
  size: number,
): AsyncGenerator<Uint8Array> {
  const fetchBlock = (range: { start: number; end: number }): Promise<Uint8Array> => {
    const block = store.getBytes(ref, { range, ifMatch: etag });
    // A prefetch may fail (412 once the source is overwritten) while the reader is still
    // busy with the block before: mark it handled now, so it is never an unhandled
    // rejection that kills the process; awaiting it below still throws the error.
    block.catch(() => undefined);
    return block;
  };
  const blocks = readBlocks(from, chunkEnd, size);
  let next = blocks.next();
  let pending = next.done ? undefined : fetchBlock(next.value);
  try {
    while (pending) {
      const current = pending;
      next = blocks.next();
      pending = next.done ? undefined : fetchBlock(next.value);
      yield await current;
    }
  } finally {
    // A reader that stops early leaves one prefetch behind; settle it quietly.
    pending?.catch(() => undefined);
  }
}
