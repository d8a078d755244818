import type { JobManifest, Row } from '@chunkline/contracts';
import { ParquetPartEncoder, byteTextOfText, createTextEncoder } from '@chunkline/formats';
import type { ParquetPartDescription } from '@chunkline/formats';
import { outputDelimiter } from './outputSpec.ts';

/** Encodes a chunk's transformed rows in the job's output format. */
export interface PartEncoder {
  /** The bytes or text for these rows (a CSV header goes before the first part's first rows). */
  encode(rows: readonly Row[]): string | Uint8Array;
  /**
   * CSV only: the part's byte text (see `createCsvRecordWriter`) for lines in byte text
   * written elsewhere with `delimiter`, the header first when this part opens the output.
   * Either this or `encode` is used for a part, not both.
   */
  readonly csvLines?: { readonly delimiter: string; byteText(lines: string): string };
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
  const delimiter = outputDelimiter(manifest);
  const text = createTextEncoder({
    format: output.format,
    columns: output.columns,
    delimiter,
    header: index === 0,
  });
  let preamble = text.preamble;
  const withPreamble = (body: string): string => {
    const out = preamble + body;
    preamble = '';
    return out;
  };
  return {
    encode: (rows) => {
      let out = '';
      for (const row of rows) out += text.row(row);
      return withPreamble(out);
    },
    ...(output.format === 'csv'
      ? { csvLines: { delimiter, byteText: (lines) => byteTextOfText(withPreamble('')) + lines } }
      : {}),
    finish: () => preamble,
    lead: text.lead,
  };
}
