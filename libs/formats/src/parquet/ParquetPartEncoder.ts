import type { FieldValue, Row } from '@chunkline/contracts';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer/src/bytewriter.js';
import { ParquetWriter } from 'hyparquet-writer/src/parquet-writer.js';
import { FormatError } from '../errors.ts';
import { CoercionFailure, coerceValue, describe, type EncodedValue } from './coerceValue.ts';
import { DEFAULT_PARQUET_ROW_GROUP_ROWS } from './constants.ts';
import { describeRowGroup } from './partDescription.ts';
import { writerSchemaOf } from './schema.ts';
import type {
  ParquetColumn,
  ParquetPartDescription,
  ParquetPartEncoderOptions,
  ParquetPartRowGroup,
} from './types.ts';

/** Bytes hyparquet-writer puts before the first row group: the `PAR1` magic. */
const WRITER_HEADER = 4n;

const EMPTY = new Uint8Array(0);

function checkRowGroupRows(rowGroupRows: number): void {
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) {
    throw new FormatError(
      'InvalidOptions',
      `formats: Parquet rowGroupRows must be a positive integer, got ${rowGroupRows}`,
    );
  }
}

/**
 * Encodes rows into the row groups of one *part* of a Parquet file: bytes with no `PAR1`
 * magic and no footer, plus a JSON description of the row groups (offsets from the start of
 * the part). Parts encoded separately, with the same columns, become one Parquet file as
 * `PARQUET_MAGIC` + part 0 + part 1 + … + `parquetFooter(columns, parts)`.
 *
 * Every column is OPTIONAL and written as the table on `ParquetColumnType` says, SNAPPY
 * compressed, without statistics, page indexes or bloom filters (statistics would copy
 * record contents into the description). Memory: the rows of one unfinished row group,
 * as column values, plus that row group's encoded bytes.
 *
 * ```ts
 * const encoder = new ParquetPartEncoder(columns);
 * for await (const rows of batches) await upload(encoder.encode(rows));
 * await upload(encoder.finish());
 * const description = encoder.description();
 * ```
 */
export class ParquetPartEncoder {
  readonly #columns: readonly ParquetColumn[];
  readonly #schema: SchemaElement[];
  readonly #rowGroupRows: number;
  #pending: EncodedValue[][];
  #pendingRows = 0;
  #bytes = 0;
  #rows = 0;
  readonly #rowGroups: ParquetPartRowGroup[] = [];
  #finished = false;

  /**
   * @param columns The file's columns, in order; the same for every part of one file.
   * @param options `rowGroupRows`: rows per row group (default 10,000).
   * @throws FormatError `InvalidOptions` for bad columns or a bad `rowGroupRows`.
   */
  constructor(columns: readonly ParquetColumn[], options: ParquetPartEncoderOptions = {}) {
    this.#schema = writerSchemaOf(columns);
    this.#columns = columns.map(({ name, type }) => ({ name, type }));
    this.#rowGroupRows = options.rowGroupRows ?? DEFAULT_PARQUET_ROW_GROUP_ROWS;
    checkRowGroupRows(this.#rowGroupRows);
    this.#pending = this.#columns.map(() => []);
  }

  /**
   * Add `rows` and return the bytes of every row group they complete (often none: an empty
   * array). Values are coerced to their column's type (see `coerceValue`); a missing field
   * is null. A batch with a bad value adds none of its rows.
   *
   * @throws FormatError `BadRecord` naming the row, column, value and expected type;
   *   `Misuse` after `finish()`.
   */
  encode(rows: readonly Row[]): Uint8Array {
    this.#checkOpen('encode');
    const values = this.#coerce(rows);
    this.#pending.forEach((pending, index) => {
      for (const value of values[index] ?? []) pending.push(value);
    });
    this.#pendingRows += rows.length;
    const groups: Uint8Array[] = [];
    while (this.#pendingRows >= this.#rowGroupRows) groups.push(this.#flush(this.#rowGroupRows));
    return concat(groups);
  }

  /**
   * Write the remaining rows as a last (smaller) row group and return its bytes (empty when
   * there are none). The encoder takes no rows after this.
   *
   * @throws FormatError `Misuse` when called twice.
   */
  finish(): Uint8Array {
    this.#checkOpen('finish');
    this.#finished = true;
    return this.#pendingRows > 0 ? this.#flush(this.#pendingRows) : EMPTY;
  }

  /** The row groups returned so far (all of them once `finish()` ran), as plain JSON. */
  description(): ParquetPartDescription {
    return { rows: this.#rows, bytes: this.#bytes, rowGroups: [...this.#rowGroups] };
  }

  #checkOpen(method: string): void {
    if (this.#finished) {
      throw new FormatError(
        'Misuse',
        `formats: ParquetPartEncoder.${method}() called after finish(); use a new encoder`,
      );
    }
  }

  /** Column-major coerced values of `rows`, or a `BadRecord` error. */
  #coerce(rows: readonly Row[]): EncodedValue[][] {
    return this.#columns.map(({ name, type }) =>
      rows.map((row, index) => {
        const value: FieldValue | undefined = Object.hasOwn(row, name) ? row[name] : undefined;
        try {
          return coerceValue(value, type);
        } catch (cause) {
          if (!(cause instanceof CoercionFailure)) throw cause;
          throw new FormatError(
            'BadRecord',
            `formats: Parquet column ${JSON.stringify(name)} expects ${type}, but row ` +
              `${this.#rows + this.#pendingRows + index + 1} of this part has ` +
              `${describe(value ?? null)} (${cause.message}); fix the value or the column type`,
            { cause },
          );
        }
      }),
    );
  }

  /** Encode the first `count` pending rows as one row group. */
  #flush(count: number): Uint8Array {
    const writer = new ByteWriter();
    const parquet = new ParquetWriter({ writer, schema: this.#schema, statistics: false });
    const columnData = this.#columns.map(({ name }, index) => ({
      name,
      data: (this.#pending[index] ?? []).slice(0, count),
      offsetIndex: false,
      columnIndex: false,
      bloomFilter: false,
    }));
    void parquet.write({ columnData, rowGroupSize: count });
    const group = parquet.row_groups[0];
    if (parquet.row_groups.length !== 1 || group === undefined) {
      throw new FormatError(
        'Misuse',
        'formats: Parquet writer did not write exactly one row group',
      );
    }
    const bytes = writer.getBytes().slice(Number(WRITER_HEADER));
    this.#rowGroups.push(describeRowGroup(group, BigInt(this.#bytes) - WRITER_HEADER));
    this.#pending = this.#pending.map((values) => values.slice(count));
    this.#pendingRows -= count;
    this.#rows += count;
    this.#bytes += bytes.length;
    return bytes;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
