import type { SchemaElement } from 'hyparquet';
import { FormatError } from '../errors.ts';
import type { ParquetColumn, ParquetColumnType } from './types.ts';

/** The Parquet leaf Chunkline writes for each column type; every column is OPTIONAL. */
const ELEMENTS: Record<ParquetColumnType, Omit<SchemaElement, 'name'>> = {
  string: {
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    logical_type: { type: 'STRING' },
    repetition_type: 'OPTIONAL',
  },
  int64: { type: 'INT64', repetition_type: 'OPTIONAL' },
  double: { type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  boolean: { type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  timestamp: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MICROS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
    repetition_type: 'OPTIONAL',
  },
  json: {
    type: 'BYTE_ARRAY',
    converted_type: 'JSON',
    logical_type: { type: 'JSON' },
    repetition_type: 'OPTIONAL',
  },
};

/**
 * The flat Parquet schema Chunkline writes for `columns`: a root and one OPTIONAL leaf per
 * column.
 *
 * @throws FormatError `InvalidOptions` for no columns, an empty or duplicate name or an
 *   unknown type.
 */
export function parquetSchemaOf(columns: readonly ParquetColumn[]): SchemaElement[] {
  const seen = new Set<string>();
  for (const { name, type } of columns) {
    if (typeof name !== 'string' || name === '' || seen.has(name)) {
      throw new FormatError(
        'InvalidOptions',
        `formats: Parquet column names must be distinct and non-empty, got ${JSON.stringify(name)}`,
      );
    }
    if (!Object.hasOwn(ELEMENTS, type)) {
      throw new FormatError(
        'InvalidOptions',
        `formats: Parquet column ${JSON.stringify(name)} has type ${JSON.stringify(type)}; ` +
          `use one of ${Object.keys(ELEMENTS).join(', ')}`,
      );
    }
    seen.add(name);
  }
  if (columns.length === 0) {
    throw new FormatError('InvalidOptions', 'formats: a Parquet file needs at least one column');
  }
  return [
    { name: 'schema', num_children: columns.length },
    ...columns.map(({ name, type }) => ({ name, ...ELEMENTS[type] })),
  ];
}

/**
 * The schema `ParquetPartEncoder` hands hyparquet-writer: `parquetSchemaOf(columns)` with
 * `json` columns as plain BYTE_ARRAY, because the encoder passes their JSON text as bytes
 * (the footer still annotates them JSON; the encoded pages are the same).
 */
export function writerSchemaOf(columns: readonly ParquetColumn[]): SchemaElement[] {
  const [root, ...leaves] = parquetSchemaOf(columns);
  return [
    root ?? { name: 'schema' },
    ...leaves.map((leaf, index) =>
      columns[index]?.type === 'json'
        ? { name: leaf.name, type: 'BYTE_ARRAY' as const, repetition_type: 'OPTIONAL' as const }
        : leaf,
    ),
  ];
}

/** The physical type of a column of `type`, as a part description records it. */
export function physicalTypeOf(type: ParquetColumnType): string {
  return ELEMENTS[type].type ?? 'BYTE_ARRAY';
}
