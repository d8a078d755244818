import type { Row } from '@chunkline/contracts';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { parquetSchema } from 'hyparquet/src/metadata.js';
import { parquetReadObjects } from 'hyparquet/src/read.js';
import { DEFAULT_BATCH_SIZE } from '../constants.ts';
import { FormatError } from '../errors.ts';
import type { RangeReader } from '../rangeReader.ts';
import { isEnumText } from './columnTypes.ts';
import { JSON_PARSERS, jsonSafe } from './jsonValues.ts';
import { readParquetFooter } from './readParquetLayout.ts';
import type { ParquetRowGroupRange, ParquetRowGroupSelection } from './types.ts';

const decoder = new TextDecoder();

function checkSelection(
  selection: ParquetRowGroupSelection,
  available: number,
  batchSize: number,
): void {
  const { first, count } = selection;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < 0 || count < 0) {
    throw new FormatError(
      'InvalidOptions',
      `formats: Parquet row groups must be non-negative integers, got first ${first} and count ${count}`,
    );
  }
  if (first + count > available) {
    throw new FormatError(
      'InvalidOptions',
      `formats: Parquet row groups [${first}, ${first + count}) are not all in the file, which ` +
        `has ${available}; plan the chunks from this file's layout`,
    );
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new FormatError(
      'InvalidOptions',
      `formats: batchSize must be a positive integer, got ${batchSize}`,
    );
  }
}

/**
 * An `AsyncBuffer` over one row group's bytes, already read. hyparquet slices it per
 * column chunk; a slice outside the group would mean a footer that lies about the group.
 */
function groupBuffer(bytes: Uint8Array, group: ParquetRowGroupRange, size: number): AsyncBuffer {
  return {
    byteLength: size,
    slice(start: number, end: number = size): ArrayBuffer {
      if (start < group.start || end > group.end) {
        throw new FormatError(
          'CorruptParquet',
          `formats: Parquet column chunk at bytes [${start}, ${end}) lies outside its row group ` +
            `[${group.start}, ${group.end}); the footer is corrupt`,
        );
      }
      const at = bytes.byteOffset + start - group.start;
      return bytes.buffer.slice(at, at + end - start) as ArrayBuffer;
    },
  };
}

/** Turns hyparquet's row objects into JSON-safe rows. */
function rowConverter(metadata: FileMetaData): (record: Record<string, unknown>) => Row {
  const nodes = parquetSchema(metadata).children;
  const names = nodes.map((node) => node.element.name);
  const enumText = new Set(nodes.filter(isEnumText).map((node) => node.element.name));
  return (record) => {
    const row: Row = {};
    for (const name of names) {
      const value = record[name];
      row[name] =
        enumText.has(name) && value instanceof Uint8Array ? decoder.decode(value) : jsonSafe(value);
    }
    return row;
  };
}

/**
 * Rows of `count` consecutive row groups from `first`, in batches of at most `batchSize`
 * (default `DEFAULT_BATCH_SIZE`, 1,000). Reads the footer (see `readParquetLayout`), then
 * each row group's byte range with one read, one row group at a time: memory is one row
 * group's bytes and decoded rows. Values are JSON-safe, as the table on
 * `ParquetColumnType` says; every column of the file is in every row (null when absent).
 *
 * @throws FormatError `NotParquet` or `CorruptParquet` for a bad file (also when a column
 *   chunk does not decode), `InvalidOptions` for row groups outside the file or a bad
 *   `batchSize`.
 */
export async function* readParquetRows(
  read: RangeReader,
  size: number,
  rowGroups: ParquetRowGroupSelection,
  batchSize: number = DEFAULT_BATCH_SIZE,
): AsyncGenerator<Row[]> {
  const { metadata, layout } = await readParquetFooter(read, size);
  checkSelection(rowGroups, layout.rowGroups.length, batchSize);
  const toRow = rowConverter(metadata);
  let rowStart = 0;
  for (const group of layout.rowGroups.slice(0, rowGroups.first)) rowStart += group.rows;
  for (let index = rowGroups.first; index < rowGroups.first + rowGroups.count; index += 1) {
    const group = layout.rowGroups[index];
    if (group === undefined) break;
    const groupStart = rowStart;
    rowStart += group.rows;
    if (group.rows === 0) continue;
    const bytes = await read({ start: group.start, end: group.end });
    if (bytes.length !== group.end - group.start) {
      throw new FormatError(
        'CorruptParquet',
        `formats: Parquet row group ${index} read of bytes [${group.start}, ${group.end}) ` +
          `returned ${bytes.length} bytes; the object is shorter than its size ${size}`,
      );
    }
    let records: Record<string, unknown>[];
    try {
      records = await parquetReadObjects({
        file: groupBuffer(bytes, group, size),
        metadata,
        rowStart: groupStart,
        rowEnd: groupStart + group.rows,
        utf8: false,
        parsers: JSON_PARSERS,
      });
    } catch (cause) {
      if (cause instanceof FormatError) throw cause;
      throw new FormatError(
        'CorruptParquet',
        `formats: Parquet row group ${index} (bytes [${group.start}, ${group.end}) of ${size}) ` +
          `does not decode: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    for (let at = 0; at < records.length; at += batchSize) {
      yield records.slice(at, at + batchSize).map(toRow);
    }
  }
}
