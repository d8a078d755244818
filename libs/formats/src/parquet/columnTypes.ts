import type { SchemaElement, SchemaTree } from 'hyparquet';
import type { ParquetColumn, ParquetColumnType } from './types.ts';

/** True for a BYTE_ARRAY column hyparquet decodes as text (given `utf8: false`). */
function isTextBytes(element: SchemaElement): boolean {
  return element.converted_type === 'UTF8' || element.logical_type?.type === 'STRING';
}

/** The Chunkline type of a primitive (leaf) schema element. */
function leafType(element: SchemaElement): ParquetColumnType {
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  if (converted === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16') return 'double';
  if (converted === 'JSON' || logical === 'JSON') return 'json';
  if (logical === 'GEOMETRY' || logical === 'GEOGRAPHY') return 'json';
  if (converted === 'DATE' || logical === 'DATE' || logical === 'TIMESTAMP') return 'timestamp';
  if (converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS') return 'timestamp';
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
      return 'int64';
    case 'INT96':
      return 'timestamp';
    case 'FLOAT':
    case 'DOUBLE':
      return 'double';
    default:
      // BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY: text, a UUID, or bytes as base64.
      return 'string';
  }
}

/**
 * The Chunkline column of a top-level schema node: groups (LIST, MAP, structs) and repeated
 * fields are `json`, leaves follow the table on `ParquetColumnType`.
 */
export function columnOf(node: SchemaTree): ParquetColumn {
  const { element } = node;
  const nested = node.children.length > 0 || element.repetition_type === 'REPEATED';
  return { name: element.name, type: nested ? 'json' : leafType(element) };
}

/**
 * True when hyparquet hands out raw bytes for this top-level node that are really text
 * (ENUM), which `readParquetRows` then decodes as UTF-8 rather than base64.
 */
export function isEnumText(node: SchemaTree): boolean {
  const { element } = node;
  return (
    node.children.length === 0 &&
    element.type === 'BYTE_ARRAY' &&
    !isTextBytes(element) &&
    (element.converted_type === 'ENUM' || element.logical_type?.type === 'ENUM')
  );
}
