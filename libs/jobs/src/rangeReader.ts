import type { ObjectStore } from '@chunkline/contracts';
import type { RangeReader } from '@chunkline/formats';
import type { SourceObject } from './describeSource.ts';

/** Ranged reads of one version of an object (`If-Match` on every read), for footers and directories. */
export function rangeReader(store: ObjectStore, object: SourceObject): RangeReader {
  return (range) =>
    range.end <= range.start
      ? Promise.resolve(new Uint8Array(0))
      : store.getBytes(object, { range, ifMatch: object.etag });
}
