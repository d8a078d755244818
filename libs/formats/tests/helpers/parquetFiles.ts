import type { Row } from '@chunkline/contracts';
import {
  PARQUET_MAGIC,
  ParquetPartEncoder,
  parquetFooter,
  readParquetLayout,
  readParquetRows,
  type ParquetColumn,
  type ParquetPartDescription,
} from '../../src/index.ts';
import { concat } from './bytes.ts';
import { readerOf } from './parquetIo.ts';

/** One encoded part: its bytes and its description. */
export interface EncodedPart {
  readonly bytes: Uint8Array;
  readonly description: ParquetPartDescription;
}

/** Encode `batches` (fed one `encode` call each) as one part, then `finish`. */
export function encodePart(
  columns: readonly ParquetColumn[],
  batches: readonly Row[][],
  rowGroupRows?: number,
): EncodedPart {
  const encoder = new ParquetPartEncoder(
    columns,
    rowGroupRows === undefined ? {} : { rowGroupRows },
  );
  const pieces = batches.map((rows) => encoder.encode(rows));
  pieces.push(encoder.finish());
  return { bytes: concat(pieces), description: encoder.description() };
}

/**
 * One Parquet file as the merger builds it: `PAR1`, the parts in order (with `gap` junk
 * bytes before each part, to check offsets are honoured), then the footer. The
 * descriptions go through JSON first, as they would through staging.
 */
export function assembleParquet(
  columns: readonly ParquetColumn[],
  parts: readonly EncodedPart[],
  gap = 0,
): Uint8Array {
  const pieces: Uint8Array[] = [PARQUET_MAGIC];
  const placed: Array<{ offset: number; description: ParquetPartDescription }> = [];
  let offset = PARQUET_MAGIC.length;
  for (const part of parts) {
    pieces.push(new Uint8Array(gap).fill(0x5a));
    offset += gap;
    const description = JSON.parse(JSON.stringify(part.description)) as ParquetPartDescription;
    placed.push({ offset, description });
    pieces.push(part.bytes);
    offset += part.bytes.length;
  }
  pieces.push(parquetFooter(columns, placed));
  return concat(pieces);
}

/** Every row of `file`, read with `readParquetRows` over all its row groups. */
export async function readAllRows(file: Uint8Array, batchSize?: number): Promise<Row[]> {
  const read = readerOf(file);
  const layout = await readParquetLayout(read, file.length);
  const rows: Row[] = [];
  const groups = { first: 0, count: layout.rowGroups.length };
  for await (const batch of readParquetRows(read, file.length, groups, batchSize)) {
    rows.push(...batch);
  }
  return rows;
}
