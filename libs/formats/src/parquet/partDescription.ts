import type { ColumnChunk, CompressionCodec, Encoding, ParquetType, RowGroup } from 'hyparquet';
import { FormatError } from '../errors.ts';
import { physicalTypeOf } from './schema.ts';
import type {
  ParquetColumn,
  ParquetPartColumnChunk,
  ParquetPartDescription,
  ParquetPartRowGroup,
} from './types.ts';

/**
 * The description of a row group hyparquet-writer just wrote, with offsets moved by
 * `shift` (from the writer's position to the part's).
 */
export function describeRowGroup(group: RowGroup, shift: bigint): ParquetPartRowGroup {
  const columns = group.columns.map((chunk): ParquetPartColumnChunk => {
    const meta = chunk.meta_data;
    if (!meta)
      throw new FormatError(
        'Misuse',
        'formats: Parquet writer left a column chunk without metadata',
      );
    const dictionary = meta.dictionary_page_offset;
    return {
      name: meta.path_in_schema.join('.'),
      physicalType: meta.type,
      encodings: [...meta.encodings],
      codec: meta.codec,
      numValues: meta.num_values.toString(),
      totalUncompressedSize: meta.total_uncompressed_size.toString(),
      totalCompressedSize: meta.total_compressed_size.toString(),
      dataPageOffset: (meta.data_page_offset + shift).toString(),
      ...(dictionary === undefined
        ? {}
        : { dictionaryPageOffset: (dictionary + shift).toString() }),
    };
  });
  return { rows: Number(group.num_rows), totalByteSize: group.total_byte_size.toString(), columns };
}

/** A decimal string from a description as a bigint, or a clear error. */
function int(text: unknown, what: string): bigint {
  if (typeof text !== 'string' || !/^\d+$/.test(text)) {
    throw new FormatError(
      'InvalidOptions',
      `formats: Parquet part description has ${what} ${JSON.stringify(text)}, expected a ` +
        'non-negative decimal string; pass descriptions exactly as ParquetPartEncoder made them',
    );
  }
  return BigInt(text);
}

/**
 * The footer row group of a described one whose part starts at byte `offset` of the file.
 *
 * @throws FormatError `InvalidOptions` when the description does not match `columns` or is
 *   malformed.
 */
export function rowGroupAt(
  group: ParquetPartRowGroup,
  part: { readonly offset: number; readonly bytes: number },
  columns: readonly ParquetColumn[],
  where: string,
): RowGroup {
  const { offset } = part;
  const shift = BigInt(offset);
  const chunks: readonly ParquetPartColumnChunk[] = Array.isArray(group.columns)
    ? group.columns
    : [];
  if (chunks.length !== columns.length || !Number.isSafeInteger(group.rows) || group.rows < 0) {
    throw new FormatError(
      'InvalidOptions',
      `formats: Parquet ${where} has ${chunks.length} column chunks and ${group.rows} rows for ` +
        `${columns.length} columns; it was encoded for other columns`,
    );
  }
  const columnChunks = chunks.map((chunk, index): ColumnChunk => {
    const column = columns[index];
    const physical = column && physicalTypeOf(column.type);
    if (!column || chunk.name !== column.name || chunk.physicalType !== physical) {
      throw new FormatError(
        'InvalidOptions',
        `formats: Parquet ${where} column ${index} is ${JSON.stringify(chunk.name)} ` +
          `(${chunk.physicalType}), expected ${JSON.stringify(column?.name)} (${physical}); ` +
          'encode every part with the columns the footer is built for',
      );
    }
    const dataPageOffset = int(chunk.dataPageOffset, 'dataPageOffset') + shift;
    const dictionary =
      chunk.dictionaryPageOffset === undefined
        ? undefined
        : int(chunk.dictionaryPageOffset, 'dictionaryPageOffset') + shift;
    const size = int(chunk.totalCompressedSize, 'totalCompressedSize');
    const chunkStart = dictionary ?? dataPageOffset;
    if (chunkStart + size > shift + BigInt(part.bytes)) {
      throw new FormatError(
        'InvalidOptions',
        `formats: Parquet ${where} column ${JSON.stringify(column.name)} ends at part byte ` +
          `${chunkStart + size - shift}, past the part's ${part.bytes} bytes; the description ` +
          'belongs to another part',
      );
    }
    return {
      file_offset: chunkStart,
      meta_data: {
        type: physical as ParquetType,
        encodings: chunk.encodings.map((encoding) => encoding as Encoding),
        path_in_schema: [column.name],
        codec: chunk.codec as CompressionCodec,
        num_values: int(chunk.numValues, 'numValues'),
        total_uncompressed_size: int(chunk.totalUncompressedSize, 'totalUncompressedSize'),
        total_compressed_size: size,
        data_page_offset: dataPageOffset,
        ...(dictionary === undefined ? {} : { dictionary_page_offset: dictionary }),
      },
    };
  });
  const first = columnChunks[0]?.file_offset ?? shift;
  let compressed = 0n;
  for (const chunk of columnChunks) compressed += chunk.meta_data?.total_compressed_size ?? 0n;
  return {
    columns: columnChunks,
    total_byte_size: int(group.totalByteSize, 'totalByteSize'),
    num_rows: BigInt(group.rows),
    file_offset: first,
    total_compressed_size: compressed,
  };
}

/** An empty description: a part with no rows. */
export function emptyDescription(): ParquetPartDescription {
  return { rows: 0, bytes: 0, rowGroups: [] };
}
