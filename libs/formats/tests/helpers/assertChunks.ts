import type { Row } from '@chunkline/contracts';
import { expect } from 'vitest';
import { concat } from './bytes.ts';
import type { ChunkedObject, CutChunk } from './chunks.ts';
import { decodeAll } from './oracle.ts';

/**
 * Assert that cut chunks tile the body: their owned bytes, concatenated, are exactly the
 * bytes from `dataStart` on; owned ranges are contiguous; each quote parity matches its
 * range; and decoding each chunk's owned bytes gives `expectedRows`, in order.
 */
export async function assertChunksTileBody(
  object: ChunkedObject,
  ranges: ReadonlyArray<[number, number]>,
  chunks: readonly CutChunk[],
  expectedRows: readonly Row[],
  columns?: readonly string[],
): Promise<void> {
  const { bytes, dataStart } = object;
  expect(Buffer.from(concat(chunks.map((chunk) => chunk.owned)))).toEqual(
    Buffer.from(bytes.subarray(dataStart)),
  );
  let next = dataStart;
  chunks.forEach((chunk, i) => {
    const [start, end] = ranges[i] ?? [0, 0];
    const { ownedStart, ownedEnd } = chunk.result;
    expect(ownedEnd - ownedStart).toBe(chunk.owned.length);
    if (chunk.owned.length > 0) {
      expect(ownedStart).toBe(next);
      expect(ownedStart).toBeGreaterThanOrEqual(start);
      expect(ownedStart).toBeLessThan(end);
      next = ownedEnd;
    }
    const quotes = bytes
      .subarray(start, Math.min(end, bytes.length))
      .filter((byte) => byte === 0x22).length;
    expect(chunk.result.quoteParity).toBe(object.format === 'csv' ? quotes % 2 : 0);
  });
  const rows: Row[] = [];
  for (const chunk of chunks) {
    const decoded = await decodeAll(chunk.owned, {
      format: object.format,
      ...(columns === undefined ? {} : { columns }),
      ...(object.delimiter === undefined ? {} : { delimiter: object.delimiter }),
      ownedStart: chunk.result.ownedStart,
      pieces: object.pieces,
    });
    rows.push(...decoded.rows);
  }
  expect(rows).toEqual(expectedRows);
}
