import type { FileMetaData, RowGroup } from 'hyparquet';
import { parquetMetadata, parquetSchema } from 'hyparquet/src/metadata.js';
import { FormatError } from '../errors.ts';
import type { RangeReader } from '../rangeReader.ts';
import { columnOf } from './columnTypes.ts';
import { PARQUET_FOOTER_TAIL_READ, PARQUET_MAGIC_UINT32 } from './constants.ts';
import type { ParquetLayout, ParquetRowGroupRange } from './types.ts';

/** Bytes around the metadata: `PAR1` at the start, length and `PAR1` at the end. */
const FRAME_BYTES = 12;

/** A file's decoded footer and the layout derived from it. */
export interface ParquetFooter {
  readonly metadata: FileMetaData;
  readonly layout: ParquetLayout;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** Read `[start, end)` and insist on getting all of it. */
async function readExactly(
  read: RangeReader,
  start: number,
  end: number,
  size: number,
): Promise<Uint8Array> {
  const bytes = await read({ start, end });
  if (bytes.length !== end - start) {
    throw new FormatError(
      'CorruptParquet',
      `formats: Parquet read of bytes [${start}, ${end}) returned ${bytes.length} bytes, expected ` +
        `${end - start}; the object is shorter than its size ${size} — it was truncated or replaced, ` +
        'plan it again',
    );
  }
  return bytes;
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new FormatError(
      'InvalidOptions',
      `formats: Parquet object size must be a non-negative integer, got ${size}`,
    );
  }
}

/** The byte range of a row group's column chunks. */
function rangeOf(group: RowGroup): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta) continue;
    const first = Number(meta.dictionary_page_offset || meta.data_page_offset);
    start = Math.min(start, first);
    end = Math.max(end, first + Number(meta.total_compressed_size));
  }
  return start === Infinity ? { start: 4, end: 4 } : { start, end };
}

/** The layout of decoded metadata, checking every row group lies between the magics. */
function layoutOf(metadata: FileMetaData, size: number, footerLength: number): ParquetLayout {
  const dataEnd = size - 8 - footerLength;
  const rowGroups = metadata.row_groups.map((group, index): ParquetRowGroupRange => {
    const { start, end } = rangeOf(group);
    const rows = Number(group.num_rows);
    if (!(start >= 4 && start <= end && end <= dataEnd) || !Number.isSafeInteger(rows)) {
      throw new FormatError(
        'CorruptParquet',
        `formats: Parquet row group ${index} claims bytes [${start}, ${end}) and ${rows} rows, ` +
          `outside the data of the file (bytes [4, ${dataEnd}) of ${size}); the footer is corrupt`,
      );
    }
    return { rows, start, end };
  });
  const columns = parquetSchema(metadata).children.map(columnOf);
  return { rows: Number(metadata.num_rows), columns, rowGroups };
}

/**
 * Read and decode the footer of a Parquet object of `size` bytes: one read of the last
 * `PARQUET_FOOTER_TAIL_READ` bytes (64 KiB, or the whole object if smaller), and a second
 * one only for the part of a larger footer that the first missed.
 *
 * @throws FormatError `NotParquet` when the object does not end with `PAR1`,
 *   `CorruptParquet` when the footer is longer than the file, does not decode or points
 *   outside it, `InvalidOptions` for a bad `size`.
 */
export async function readParquetFooter(read: RangeReader, size: number): Promise<ParquetFooter> {
  checkSize(size);
  const tailLength = Math.min(size, PARQUET_FOOTER_TAIL_READ);
  const tail = await readExactly(read, size - tailLength, size, size);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (tailLength < 4 || view.getUint32(tailLength - 4, true) !== PARQUET_MAGIC_UINT32) {
    throw new FormatError(
      'NotParquet',
      `formats: object of ${size} bytes does not end with the Parquet magic PAR1 ` +
        `(it ends with ${hex(tail.subarray(Math.max(0, tailLength - 4))) || 'nothing'}); it is not ` +
        'a Parquet file, or a truncated one — check the key and the input format',
    );
  }
  if (size < FRAME_BYTES) {
    throw new FormatError(
      'CorruptParquet',
      `formats: Parquet file of ${size} bytes is too short for a footer (PAR1, metadata, ` +
        'its 4-byte length, PAR1 need at least 12 bytes); the file is truncated',
    );
  }
  const footerLength = view.getUint32(tailLength - 8, true);
  if (footerLength > size - FRAME_BYTES) {
    throw new FormatError(
      'CorruptParquet',
      `formats: Parquet footer length ${footerLength} exceeds the file size ${size} ` +
        `(at most ${size - FRAME_BYTES} bytes fit); the file is truncated or corrupt`,
    );
  }
  let footer = tail.subarray(tailLength - footerLength - 8);
  if (footerLength + 8 > tailLength) {
    const start = size - footerLength - 8;
    const head = await readExactly(read, start, size - tailLength, size);
    footer = new Uint8Array(footerLength + 8);
    footer.set(head);
    footer.set(tail, head.length);
  }
  try {
    const metadata = parquetMetadata(footer);
    return { metadata, layout: layoutOf(metadata, size, footerLength) };
  } catch (cause) {
    if (cause instanceof FormatError) throw cause;
    throw new FormatError(
      'CorruptParquet',
      `formats: Parquet footer of ${footerLength} bytes in a file of ${size} bytes does not ` +
        `decode (${cause instanceof Error ? cause.message : String(cause)}); the file is corrupt`,
      { cause },
    );
  }
}

/**
 * What a Parquet object holds, from its footer alone (at most two reads, see
 * `readParquetFooter`): the row count, the top-level columns with their Chunkline types,
 * and each row group's rows and byte range, for planning chunks as runs of row groups.
 *
 * @throws FormatError `NotParquet`, `CorruptParquet` or `InvalidOptions`.
 */
export async function readParquetLayout(read: RangeReader, size: number): Promise<ParquetLayout> {
  return (await readParquetFooter(read, size)).layout;
}
