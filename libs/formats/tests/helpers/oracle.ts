import type { InputFormat, Row } from '@chunkline/contracts';
import { parse } from 'csv-parse/sync';
import { decodeRecords } from '../../src/index.ts';
import type { RecordBatch } from '../../src/index.ts';
import { sourceOf, text } from './bytes.ts';
import type { Pieces } from './bytes.ts';

/** Rows of a whole CSV object as csv-parse reads it, header included. */
export function csvOracle(bytes: Uint8Array, delimiter: string): Row[] {
  return parse(Buffer.from(bytes), {
    columns: true,
    bom: true,
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    skip_empty_lines: true,
  }) as Row[];
}

/** Rows of a whole JSONL object: one object per non-blank line. */
export function jsonlOracle(bytes: Uint8Array): Row[] {
  return text(bytes)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}

/** Decode owned bytes with `decodeRecords` and gather every batch. */
export async function decodeAll(
  owned: Uint8Array,
  options: {
    format: InputFormat;
    columns?: readonly string[];
    delimiter?: string;
    ownedStart?: number;
    onBadRecord?: 'fail' | 'skip';
    batchSize?: number;
    pieces?: Pieces;
  },
): Promise<{ rows: Row[]; batches: RecordBatch[] }> {
  const batches: RecordBatch[] = [];
  const { pieces, ownedStart, onBadRecord, ...rest } = options;
  const source = sourceOf(owned, 0, pieces ?? { kind: 'whole' });
  for await (const batch of decodeRecords(source, {
    ...rest,
    ownedStart: ownedStart ?? 0,
    onBadRecord: onBadRecord ?? 'fail',
  })) {
    batches.push(batch);
  }
  return { rows: batches.flatMap((batch) => batch.rows), batches };
}
