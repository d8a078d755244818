import { S3ObjectStore } from '@chunkline/aws';
import type { ObjectRef, ObjectStore } from '@chunkline/contracts';
import { PartWriter, readSource } from '@chunkline/jobs';
import { executeMerge, mapWithConcurrency, planMerge } from '@chunkline/merge';
import type { Piece } from '@chunkline/merge';
import { chunkRange, planChunks } from '@chunkline/planning';
import { benchS3 } from './s3.ts';
import type { ContenderJob, ContenderOutcome } from './types.ts';

/**
 * The storage floor: Chunkline's own storage work on the input with the records taken out.
 * Each chunk of the default plan is read with the processor's ranged reads and written as a
 * part object by its `PartWriter`, `shape.outputBytes` in all, shared in proportion to the
 * chunks' sizes (the bytes written are a prefix of those read); the parts are merged by
 * `executeMerge` as the merger merges them: UploadPartCopy, the upload recorded and the parts
 * deleted, then the conditional completion.
 * Chunks run `shape.chunksInFlight` at a time, as the services' processors take them. No
 * parsing, no transform and no messages: what is left is what the design asks of the storage.
 */
export async function storageFloor(job: ContenderJob): Promise<ContenderOutcome> {
  const shape = job.storageFloor;
  if (shape === undefined) throw new Error('bench: the storage floor needs its shape');
  const store = new S3ObjectStore(benchS3(job.endpoint));
  const started = performance.now();
  const head = await store.head(job.input);
  if (head === undefined) throw new Error(`bench: ${job.input.key} is missing`);
  const plan = planChunks({ dataStart: 0, dataEnd: head.size, ...shape });
  const share = shape.outputBytes / head.size;
  const chunks = Array.from({ length: plan.chunkCount }, (_, index) => index);
  const parts = await mapWithConcurrency(
    chunks,
    shape.chunksInFlight,
    async (index): Promise<Piece> => {
      const ref = { bucket: job.output.bucket, key: `${job.output.key}.parts/${index}` };
      const range = chunkRange(plan, index);
      const size = await writePart(store, job.input, head.etag, range, share, ref);
      return { kind: 'object', key: ref.key, size };
    },
  );
  const record = { bucket: job.output.bucket, key: `${job.output.key}.upload` };
  const outcome = await executeMerge(store, planMerge(parts), job.output, job.output.bucket, {
    contentType: 'text/csv',
    record,
  });
  // The merge deleted the parts; the record is the staging state a job's cleanup deletes.
  await store.deleteMany(record.bucket, [record.key]);
  return { seconds: (performance.now() - started) / 1000, outputBytes: outcome.bytes };
}

/** Read one chunk's bytes and write `share` of them as its part object; returns its size. */
async function writePart(
  store: ObjectStore,
  input: ObjectRef,
  etag: string,
  range: { start: number; end: number },
  share: number,
  ref: ObjectRef,
): Promise<number> {
  const writer = new PartWriter(store, ref, 'text/csv');
  const target = Math.round((range.end - range.start) * share);
  try {
    for await (const piece of readSource(store, input, etag, range.start, range.end, range.end)) {
      const room = target - writer.size;
      if (room > 0) await writer.write(piece.subarray(0, room));
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.size;
}
