import type { S3ObjectStore } from '@chunkline/aws';
import type { ObjectRef } from '@chunkline/contracts';
import { PartWriter } from '@chunkline/jobs';
import { generateCsv, generateJsonl } from '@chunkline/sample-data';

/** One generated input object. */
export interface BenchInput {
  readonly name: 'csv' | 'jsonl' | 'csv-small';
  readonly ref: ObjectRef;
  readonly bytes: number;
  readonly contentType: string;
}

/**
 * Generate the inputs from the seed and stream them into the source bucket: a CSV of
 * `size` bytes, the same records as JSON Lines (of about the same size), and a CSV of
 * `memorySize` bytes. The same seed and sizes always give the same bytes.
 */
export async function uploadInputs(
  store: S3ObjectStore,
  bucket: string,
  options: { seed: number; size: number; memorySize: number; jsonl: boolean; small: boolean },
  log: (line: string) => void,
): Promise<BenchInput[]> {
  const wanted: { name: BenchInput['name']; ext: string; size: number; jsonl: boolean }[] = [
    { name: 'csv' as const, ext: 'csv', size: options.size, jsonl: false },
    ...(options.jsonl
      ? [{ name: 'jsonl' as const, ext: 'jsonl', size: options.size, jsonl: true }]
      : []),
    ...(options.small
      ? [{ name: 'csv-small' as const, ext: 'csv', size: options.memorySize, jsonl: false }]
      : []),
  ];
  const inputs: BenchInput[] = [];
  for (const input of wanted) {
    const ref = { bucket, key: `inputs/${input.name}-${options.seed}-${input.size}.${input.ext}` };
    const contentType = input.jsonl ? 'application/x-ndjson' : 'text/csv';
    const started = performance.now();
    const generate = input.jsonl ? generateJsonl : generateCsv;
    const writer = new PartWriter(store, ref, contentType);
    try {
      for (const block of generate({ seed: options.seed, targetBytes: input.size }))
        await writer.write(block);
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    log(
      `input ${input.name}: ${writer.size} bytes generated and uploaded in ${seconds.toFixed(1)} s`,
    );
    inputs.push({ name: input.name, ref, bytes: writer.size, contentType });
  }
  return inputs;
}
