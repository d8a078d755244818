import type { FileMetaData, RowGroup } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer/src/bytewriter.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { FormatError } from '../errors.ts';
import { PARQUET_CREATED_BY, PARQUET_MAGIC_UINT32 } from './constants.ts';
import { rowGroupAt } from './partDescription.ts';
import { parquetSchemaOf } from './schema.ts';
import type { ParquetColumn, ParquetPartDescription } from './types.ts';

/** One part of the file being assembled: where it starts and what it holds. */
export interface ParquetFooterPart {
  /** Absolute offset of the part's first byte in the file (the first part starts at 4). */
  readonly offset: number;
  readonly description: ParquetPartDescription;
}

function checkPlacement(parts: readonly ParquetFooterPart[]): void {
  let end = 4;
  parts.forEach(({ offset, description }, index) => {
    const bytes = description?.bytes;
    if (
      !Number.isSafeInteger(offset) ||
      offset < end ||
      !Number.isSafeInteger(bytes) ||
      bytes < 0
    ) {
      throw new FormatError(
        'InvalidOptions',
        `formats: Parquet part ${index} is placed at byte ${offset} with ${bytes} bytes; parts ` +
          `must follow the magic and each other in order (the earliest it can start is ${end})`,
      );
    }
    end = offset + bytes;
  });
}

/**
 * The footer of a Parquet file assembled from parts written by `ParquetPartEncoder`: the
 * file metadata (schema from `columns`, every part's row groups with their offsets moved
 * by the part's `offset`), its 4-byte length and `PAR1`. The file is `PARQUET_MAGIC`, then
 * each part's bytes at its `offset` (the first at 4; parts without rows may be left out or
 * kept), then this footer.
 *
 * @throws FormatError `InvalidOptions` when a description does not match `columns`, is
 *   malformed, or the parts overlap or are out of order.
 */
export function parquetFooter(
  columns: readonly ParquetColumn[],
  parts: ReadonlyArray<ParquetFooterPart>,
): Uint8Array {
  const schema = parquetSchemaOf(columns);
  checkPlacement(parts);
  const rowGroups: RowGroup[] = [];
  let rows = 0n;
  parts.forEach(({ offset, description }, part) => {
    const groups = Array.isArray(description.rowGroups) ? description.rowGroups : [];
    groups.forEach((group, index) => {
      const rowGroup = rowGroupAt(
        group,
        { offset, bytes: description.bytes },
        columns,
        `part ${part} row group ${index}`,
      );
      rows += rowGroup.num_rows;
      rowGroups.push(rowGroup);
    });
  });
  const metadata: Omit<FileMetaData, 'metadata_length'> = {
    version: 2,
    schema,
    num_rows: rows,
    row_groups: rowGroups,
    created_by: PARQUET_CREATED_BY,
  };
  const writer = new ByteWriter();
  writeMetadata(writer, metadata as FileMetaData);
  writer.appendUint32(PARQUET_MAGIC_UINT32);
  return writer.getBytes().slice();
}
