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
 * a changed object fails instead of mixing versions. Each block is one ranged GET whose
 * body is passed on piece by piece as it arrives, never gathered into one array; the next
 * block's request is sent while the current one is consumed, so its latency overlaps the
 * parsing while its body waits in the connection. Memory is a few pieces, not two blocks.
 */
export async function* readSource(
  store: ObjectStore,
  ref: ObjectRef,
  etag: string,
  from: number,
  chunkEnd: number,
  size: number,
): AsyncGenerator<Uint8Array> {
  const open = (range: { start: number; end: number }): Promise<AsyncIterable<Uint8Array>> => {
    const body = store.getStream(ref, { range, ifMatch: etag });
    // A prefetch may fail (412 once the source is overwritten) while the reader is still
    // busy with the block before: mark it handled now, so it is never an unhandled
    // rejection that kills the process; awaiting it below still throws the error.
    body.catch(() => undefined);
    return body;
  };
  const blocks = readBlocks(from, chunkEnd, size);
  let next = blocks.next();
  let pending = next.done ? undefined : open(next.value);
  try {
    while (pending) {
      const current = pending;
      next = blocks.next();
      pending = next.done ? undefined : open(next.value);
      for await (const piece of await current) if (piece.length > 0) yield piece;
    }
  } finally {
    // A reader that stops early leaves one request behind (usually a small over-read block):
    // read its body to the end in the background, so its connection goes back to the pool.
    pending
      ?.then(async (body) => {
        for await (const piece of body) void piece;
      })
      .catch(() => undefined);
  }
}
