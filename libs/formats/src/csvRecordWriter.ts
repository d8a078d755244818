import { byteTextOfText, isAscii } from './byteText.ts';
import { quotingFor, writeValues } from './csvRecord.ts';
import type { CsvRecord } from './csvRecord.ts';
import { delimiterByte } from './delimiter.ts';

/**
 * One output column of `createCsvRecordWriter`: an input field as it is, or computed text.
 * A computed column may say which characters its every value is made of (`alphabet`): when
 * they are ASCII and none needs quoting with the writer's delimiter, its values are written
 * as they are, unchecked.
 */
export type CsvOutputColumn =
  | { readonly copy: number }
  | { readonly compute: (record: CsvRecord) => string; readonly alphabet?: string | undefined };

/**
 * Consecutive output columns written in one go: a run of copied fields, or one computed,
 * `plain` when its values need neither quotes nor a change to byte text.
 */
type Piece =
  | { readonly from: number; readonly to: number; readonly compute?: undefined }
  | { readonly compute: (record: CsvRecord) => string; readonly plain: boolean };

/**
 * A writer of CSV lines from records read by position: each output column is an input
 * field copied as it is or text computed from the record, quoted as `createCsvRowWriter`
 * quotes, each line ending in `\n`, in byte text (see `byteText.ts`): write it with the
 * `latin1` encoding. Copied fields that follow each other in the input are written as one
 * run — for a record whose delimiter is the writer's, one slice of its text (see
 * `CsvTextRecord`).
 *
 * @throws FormatError `InvalidOptions` for an unsupported delimiter.
 */
export function createCsvRecordWriter(
  delimiter: string,
  columns: readonly CsvOutputColumn[],
): (record: CsvRecord) => string {
  delimiterByte(delimiter, 'createCsvRecordWriter');
  const quoting = quotingFor(delimiter);
  const pieces = piecesOf(
    columns,
    (alphabet) => isAscii(alphabet) && !quoting.needsQuotes(alphabet),
  );
  const copied = (record: CsvRecord, from: number, to: number): string =>
    record.delimiter === delimiter
      ? record.written(from, to)
      : byteTextOfText(writeValues(record, from, to, quoting));
  return (record) => {
    let line = '';
    for (let p = 0; p < pieces.length; p += 1) {
      const piece = pieces[p] as Piece;
      const text =
        piece.compute === undefined
          ? copied(record, piece.from, piece.to)
          : piece.plain
            ? piece.compute(record)
            : byteTextOfText(quoting.field(piece.compute(record)));
      line += p === 0 ? text : delimiter + text;
    }
    return `${line}\n`;
  };
}

function piecesOf(
  columns: readonly CsvOutputColumn[],
  isPlain: (alphabet: string) => boolean,
): Piece[] {
  const pieces: Piece[] = [];
  for (const column of columns) {
    const last = pieces.at(-1);
    if (!('copy' in column)) {
      const plain = column.alphabet !== undefined && isPlain(column.alphabet);
      pieces.push({ compute: column.compute, plain });
    } else if (last !== undefined && last.compute === undefined && last.to === column.copy) {
      pieces[pieces.length - 1] = { from: last.from, to: column.copy + 1 };
    } else pieces.push({ from: column.copy, to: column.copy + 1 });
  }
  return pieces;
}
