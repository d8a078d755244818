import type { JobManifest, Row } from '@chunkline/contracts';
import { ParquetPartEncoder, createCsvValuesWriter, createTextEncoder } from '@chunkline/formats';
import type { ParquetPartDescription } from '@chunkline/formats';
import { outputDelimiter } from './outputSpec.ts';

/** Encodes a chunk's transformed rows in the job's output format. */
export interface PartEncoder {
  /** The bytes or text for these rows (a CSV header goes before the first part's first rows). */
  encode(rows: readonly Row[]): string | Uint8Array;
  /**
   * CSV only: the text for records given as their values in output column order, as
   * `encode` writes the same records as rows. Either may be called, not both.
   */
  readonly encodeValues?: (records: readonly (readonly string[])[]) => string;
  /** What is left once every row is in: a Parquet part's last row group. */
  finish(): string | Uint8Array;
  /** Leading bytes the output leaves out when this part opens it (see `TextEncoder.lead`). */
  readonly lead: number;
  /** Parquet: the part's row groups, for the footer. */
  readonly description?: () => ParquetPartDescription;
}

/** The part encoder for chunk `index` of a job. */
export function createPartEncoder(manifest: JobManifest, index: number): PartEncoder {
  const { output } = manifest;
  if (output.format === 'parquet') {
    const parquet = new ParquetPartEncoder(output.columns);
    return {
      encode: (rows) => parquet.encode([...rows]),
      finish: () => parquet.finish(),
      lead: 0,
      description: () => parquet.description(),
    };
  }
  const text = createTextEncoder({
    format: output.format,
    columns: output.columns,
    delimiter: outputDelimiter(manifest),
    header: index === 0,
  });
  let preamble = text.preamble;
  const encodeValues =
    output.format === 'csv'
      ? valuesEncoder(createCsvValuesWriter(outputDelimiter(manifest)))
      : undefined;
  return {
    encode: (rows) => {
      let out = preamble;
      preamble = '';
      for (const row of rows) out += text.row(row);
      return out;
    },
    ...(encodeValues ? { encodeValues } : {}),
    finish: () => preamble,
    lead: text.lead,
  };

  function valuesEncoder(
    line: (values: readonly string[]) => string,
  ): (records: readonly (readonly string[])[]) => string {
    return (records) => {
      let out = preamble;
      preamble = '';
      for (const values of records) out += line(values);
      return out;
    };
  }
}
