import { parse } from 'csv-parse/sync';
import {
  CR,
  CSV_DELIMITER_CANDIDATES,
  CSV_RECORD_DELIMITERS,
  DEFAULT_CSV_DELIMITER,
  LF,
  QUOTE,
} from './constants.ts';
import { delimiterByte } from './delimiter.ts';
import { FormatError } from './errors.ts';
import type { CsvHeader } from './types.ts';

/** Options of `parseCsvHeader`. */
export interface ParseCsvHeaderOptions {
  /** Field delimiter; when omitted it is sniffed from the header (default `,`). */
  readonly delimiter?: string | undefined;
  /**
   * True when `prefix` is the whole object: a header without a newline then ends at the
   * end of the object. When false, such a prefix yields `undefined` (fetch more bytes).
   */
  readonly isWholeObject: boolean;
}

function hasBom(prefix: Uint8Array): boolean {
  return prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf;
}

/** Index of the first `\n` at or after `from` that is outside quotes, or -1. */
function headerEnd(prefix: Uint8Array, from: number): number {
  let inside = false;
  for (let i = from; i < prefix.length; i += 1) {
    const byte = prefix[i];
    if (byte === QUOTE) inside = !inside;
    else if (byte === LF && !inside) return i;
  }
  return -1;
}

/** The candidate delimiter seen most often outside quotes (ties: earlier candidate wins). */
function sniffDelimiter(line: Uint8Array): string {
  const counts = new Map<number, number>(CSV_DELIMITER_CANDIDATES.map((d) => [d.charCodeAt(0), 0]));
  let inside = false;
  for (const byte of line) {
    if (byte === QUOTE) inside = !inside;
    else if (!inside && counts.has(byte)) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  }
  let best = DEFAULT_CSV_DELIMITER;
  let bestCount = 0;
  for (const candidate of CSV_DELIMITER_CANDIDATES) {
    const count = counts.get(candidate.charCodeAt(0)) ?? 0;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

function parseFields(line: Uint8Array, delimiter: string): string[] {
  let records: string[][];
  try {
    records = parse(Buffer.from(line.buffer, line.byteOffset, line.byteLength), {
      delimiter,
      record_delimiter: CSV_RECORD_DELIMITERS,
      bom: false,
    }) as string[][];
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FormatError(
      'InvalidHeader',
      `formats: the CSV header record is malformed: ${reason}`,
      {
        cause,
      },
    );
  }
  const [fields] = records;
  if (records.length !== 1 || fields === undefined) {
    throw new FormatError(
      'InvalidHeader',
      `formats: the CSV header must be one record, got ${records.length}; check the quoting of the first line`,
    );
  }
  return fields;
}

function checkNames(columns: readonly string[]): void {
  const seen = new Map<string, number>();
  columns.forEach((name, index) => {
    if (name === '') {
      throw new FormatError(
        'InvalidHeader',
        `formats: CSV column ${index + 1} of ${columns.length} has an empty name; every column needs a name`,
      );
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new FormatError(
        'InvalidHeader',
        `formats: CSV column name ${JSON.stringify(name)} appears twice (columns ${previous + 1} ` +
          `and ${index + 1}); rename one so that every column name is unique`,
      );
    }
    seen.set(name, index);
  });
}

/**
 * Read the header record of a CSV object from the first bytes of its body.
 *
 * Skips a UTF-8 BOM. The header ends at the first `\n` outside quotes (a quoted name may
 * hold newlines); a `\r` before it is dropped. Fields follow the same RFC 4180 quoting as
 * the body. When `delimiter` is omitted, the most frequent of `,` `\t` `;` `|` outside
 * quotes wins (ties in that order; none seen → `,`).
 *
 * @returns `undefined` when `prefix` holds no complete header and `isWholeObject` is
 *   false (fetch more and call again). An empty object gives `columns: []` and
 *   `dataStart` = `prefix.length` (0, or 3 after a lone BOM).
 * @throws FormatError `InvalidHeader` for an empty first line, malformed quoting, or empty
 *   or duplicate column names; `InvalidOptions` for an unsupported delimiter.
 */
export function parseCsvHeader(
  prefix: Uint8Array,
  options: ParseCsvHeaderOptions,
): CsvHeader | undefined {
  if (options.delimiter !== undefined) delimiterByte(options.delimiter, 'parseCsvHeader');
  const bom = hasBom(prefix);
  const from = bom ? 3 : 0;
  if (from === prefix.length) {
    if (!options.isWholeObject) return undefined;
    return {
      columns: [],
      dataStart: prefix.length,
      bom,
      delimiter: options.delimiter ?? DEFAULT_CSV_DELIMITER,
    };
  }
  const newline = headerEnd(prefix, from);
  if (newline < 0 && !options.isWholeObject) return undefined;
  const lineEnd = newline < 0 ? prefix.length : newline;
  const dataStart = newline < 0 ? prefix.length : newline + 1;
  const trimmedEnd = lineEnd > from && prefix[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
  const line = prefix.subarray(from, trimmedEnd);
  if (line.length === 0) {
    throw new FormatError(
      'InvalidHeader',
      'formats: the first line of the CSV object is empty; it must hold the column names',
    );
  }
  const delimiter = options.delimiter ?? sniffDelimiter(line);
  const columns = parseFields(line, delimiter);
  checkNames(columns);
  return { columns, dataStart, bom, delimiter };
}
