import type { ChunkResult, JobManifest } from '@chunkline/contracts';
import {
  JSON_ARRAY_CLOSE,
  JSON_ARRAY_OPEN,
  PARQUET_MAGIC,
  compressBlock,
  parquetFooter,
} from '@chunkline/formats';
import type { ParquetPartDescription } from '@chunkline/formats';
import type { Piece } from '@chunkline/merge';

/**
 * The merge rule's inputs: the parts in chunk order, framed as the output format needs.
 * A JSON array is opened and closed by the merger, and the first part holding elements
 * leaves out its leading separator (its `lead`); other formats are the parts as they are.
 */
export function outputPieces(manifest: JobManifest, ordered: readonly ChunkResult[]): Piece[] {
  const parts: Piece[] = ordered.map((r) => ({
    kind: 'object',
    key: r.part.key,
    size: r.part.size,
  }));
  if (manifest.output.format === 'parquet') return parquetPieces(manifest, ordered, parts);
  if (manifest.output.format !== 'json') return parts;
  const first = ordered.findIndex((r) => r.part.size > 0);
  const opened = ordered.map((r, i): Piece => ({
    kind: 'object',
    key: r.part.key,
    size: r.part.size,
    ...(i === first ? { skip: r.part.lead ?? 0 } : {}),
  }));
  const literal = (text: string): Piece => ({
    kind: 'bytes',
    data: compressBlock(manifest.output.compression, Buffer.from(text, 'utf8')),
  });
  return [literal(JSON_ARRAY_OPEN), ...opened, literal(JSON_ARRAY_CLOSE)];
}

/** Parquet: the magic, the parts' row groups, and a footer that places them where they land. */
function parquetPieces(
  manifest: JobManifest,
  ordered: readonly ChunkResult[],
  parts: Piece[],
): Piece[] {
  let offset = PARQUET_MAGIC.length;
  const placed = ordered.map((r) => {
    const part = { offset, description: r.parquet as ParquetPartDescription };
    offset += r.part.size;
    return part;
  });
  const footer = parquetFooter(manifest.output.columns, placed);
  return [{ kind: 'bytes', data: PARQUET_MAGIC }, ...parts, { kind: 'bytes', data: footer }];
}
