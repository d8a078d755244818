import type { Row } from '@chunkline/contracts';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchCollector } from '../src/batchCollector.ts';
import { textOfByteText } from '../src/byteText.ts';
import { CsvDecoder } from '../src/csvDecoder.ts';
import type { CsvRecord } from '../src/csvRecord.ts';
import { RECORD_SHAPE, ROW_SHAPE } from '../src/csvRecordShape.ts';
import { createCsvRowWriter } from '../src/csvWriter.ts';
import type { CsvRecordShape } from '../src/csvRecordShape.ts';
import { parseSimpleCsvRecord } from '../src/parseSimpleCsvRecord.ts';
import type { RecordBatch } from '../src/types.ts';
import { piecesArb } from './helpers/arbitraries.ts';
import { split, utf8 } from './helpers/bytes.ts';
import type { Pieces } from './helpers/bytes.ts';

/** Bytes of text that is mostly CSV-shaped: fields, quotes, CR, LF, BOM, multi-byte, bad UTF-8. */
const csvBytes = (delimiter: string): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('a', 'bc', ' ', delimiter, delimiter, '\n', '\n', '\r\n', 'é', '日本'),
        fc.constantFrom('"', '""', '\r', '\uFEFF', '😀'),
        fc
          .string({
            unit: fc.constantFrom('x', delimiter, '"', '\n', '\r\n', '\r', 'é'),
            maxLength: 5,
          })
          .map((content) => `"${content.replaceAll('"', '""')}"`),
      ),
      { maxLength: 40 },
    )
    .chain((units) =>
      fc.boolean().map((invalid) => {
        const bytes = utf8(units.join(''));
        if (!invalid || bytes.length === 0) return bytes;
        const bad = new Uint8Array(bytes.length + 2);
        bad.set(bytes.subarray(0, bytes.length >> 1));
        bad.set([0xe2, 0x82], bytes.length >> 1);
        bad.set(bytes.subarray(bytes.length >> 1), (bytes.length >> 1) + 2);
        return bad;
      }),
    );

/** Whether the splitter's quote-toggle rule sees `bytes` as one record (no LF outside quotes). */
function oneRecord(bytes: Uint8Array): boolean {
  let inside = false;
  for (const byte of bytes) {
    if (byte === 0x22) inside = !inside;
    else if (byte === 0x0a && !inside) return false;
  }
  return true;
}

async function decode<R = Row>(
  bytes: Uint8Array,
  columns: readonly string[],
  delimiter: string,
  pieces: Pieces,
  fastPath: boolean,
  shape: CsvRecordShape<R> = ROW_SHAPE as CsvRecordShape<R>,
): Promise<{ batches: RecordBatch<R>[]; error: string | undefined }> {
  const batch = new BatchCollector<R>(3);
  const decoder = new CsvDecoder(batch, {
    columns,
    shape,
    delimiter,
    policy: 'skip',
    ownedStart: () => 5,
    fastPath,
  });
  const batches: RecordBatch<R>[] = [];
  try {
    for (const piece of split(bytes, pieces)) {
      for (let i = 0; i < piece.length;) {
        i = decoder.feed(piece, i);
        while (batch.full) batches.push(batch.take());
      }
    }
    await decoder.finish();
    while (batch.count > 0) batches.push(batch.take());
    return { batches, error: undefined };
  } catch (error) {
    return { batches, error: String(error) };
  }
}

/** A decoding's rows, locations and rejects, each in order, whatever the batches. */
function flattened<R>({
  batches,
  error,
}: {
  batches: RecordBatch<R>[];
  error: string | undefined;
}) {
  return {
    rows: batches.flatMap((batch) => batch.rows),
    locations: batches.flatMap((batch) => batch.locations),
    rejects: batches.flatMap((batch) => batch.rejects),
    error,
  };
}

describe('Function: parseSimpleCsvRecord', () => {
  it('returns what csv-parse returns for the record, or leaves it to csv-parse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(',', '\t', ';'),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (delimiter, columnCount, terminated) =>
          fc.assert(
            fc.property(csvBytes(delimiter), (bytes) => {
              // Prepare
              fc.pre(oneRecord(bytes));
              const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
              const record = terminated ? new Uint8Array([...bytes, 0x0a]) : bytes;
              // Act
              const row = parseSimpleCsvRecord(
                Buffer.from(record).toString('utf8'),
                columns,
                delimiter,
                terminated,
              );
              // Assess
              if (row === undefined) return;
              const expected = parse(Buffer.from(record), {
                columns,
                delimiter,
                record_delimiter: ['\r\n', '\n'],
                skip_empty_lines: true,
                bom: false,
              }) as Row[];
              expect([row]).toEqual(expected);
              expect(Object.keys(row)).toEqual(columns);
            }),
            { numRuns: 50 },
          ),
      ),
      { numRuns: 40 },
    );
  });

  it.each([
    ['a,b\n', true, { c0: 'a', c1: 'b' }],
    ['"a,1","b""c"\r\n', true, { c0: 'a,1', c1: 'b"c' }],
    ['"x\ny",\n', true, { c0: 'x\ny', c1: '' }],
    ['a,b', false, { c0: 'a', c1: 'b' }],
    ['a"b,c\n', true, undefined],
    ['"a"b,c\n', true, undefined],
    ['a,b,c\n', true, undefined],
    ['a\n', true, undefined],
    ['a\rb,c\n', true, undefined],
  ])('parses %j (terminated %s) as %j', (text, terminated, expected) => {
    expect(parseSimpleCsvRecord(text, ['c0', 'c1'], ',', terminated)).toEqual(expected);
  });
});

describe('Class: CsvDecoder (fast path)', () => {
  it('gives the same rows, rejects and errors as csv-parse alone, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';'),
        fc.integer({ min: 1, max: 3 }),
        piecesArb,
        (delimiter, columnCount, pieces) =>
          fc.assert(
            fc.asyncProperty(csvBytes(delimiter), async (bytes) => {
              // Prepare
              const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
              // Act
              const fast = await decode(bytes, columns, delimiter, pieces, true);
              const slow = await decode(bytes, columns, delimiter, pieces, false);
              // Assess: the same records and rejects in the same order. Where batches end
              // between them depends on when csv-parse reports a bad record (it may look
              // ahead into the next piece), so batches are compared flattened.
              expect(flattened(fast)).toEqual(flattened(slow));
            }),
            { numRuns: 30 },
          ),
      ),
      { numRuns: 30 },
    );
  });

  it('hands out records read by position with the values of the rows, in text and byte text, written as a row writer writes them, on either path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';'),
        fc.integer({ min: 1, max: 3 }),
        piecesArb,
        fc.boolean(),
        (delimiter, columnCount, pieces, fastPath) =>
          fc.assert(
            fc.asyncProperty(csvBytes(delimiter), async (bytes) => {
              // Prepare: columns whose names sort apart from their order, as objects would not keep it
              const columns = Array.from({ length: columnCount }, (_, i) => `${columnCount - i}`);
              // Every run of fields [from, to), as `written` writes it and as a row writer would
              const runs = columns.flatMap((_, from) =>
                columns.slice(from).map((__, length) => [from, from + length + 1] as const),
              );
              // Act
              const rows = await decode(bytes, columns, delimiter, pieces, fastPath);
              const records = await decode(
                bytes,
                columns,
                delimiter,
                pieces,
                fastPath,
                RECORD_SHAPE,
              );
              // Assess
              const read = (record: CsvRecord) => ({
                values: columns.map((_, i) => record.value(i)),
                byteTexts: columns.map((_, i) => record.byteTextValue(i)),
                written: runs.map(([from, to]) => textOfByteText(record.written(from, to))),
              });
              const expected = (row: Row) => ({
                values: columns.map((column) => row[column]),
                byteTexts: columns.map((column) =>
                  Buffer.from(String(row[column]), 'utf8').toString('latin1'),
                ),
                written: runs.map(([from, to]) =>
                  createCsvRowWriter(columns.slice(from, to), delimiter)(row).slice(0, -1),
                ),
              });
              expect({
                error: records.error,
                batches: records.batches.map((batch) => ({ ...batch, rows: batch.rows.map(read) })),
              }).toEqual({
                error: rows.error,
                batches: rows.batches.map((batch) => ({
                  ...batch,
                  rows: batch.rows.map(expected),
                })),
              });
            }),
            { numRuns: 30 },
          ),
      ),
      { numRuns: 30 },
    );
  });
});

/**
 * Where the quote-toggle rule, applied byte by byte, starts each record that is not blank
 * (`\n` or `\r\n` alone), and on which line: the splitter's specification.
 */
function referenceStarts(bytes: Uint8Array): { offset: number; line: number }[] {
  const starts: { offset: number; line: number }[] = [];
  let inside = false;
  let line = 1;
  let start = 0;
  let startLine = 1;
  const close = (end: number): void => {
    const record = bytes.subarray(start, end);
    const blank =
      record.length === 0 ||
      record[0] === 0x0a ||
      (record.length === 2 && record[0] === 0x0d && record[1] === 0x0a);
    if (!blank) starts.push({ offset: start, line: startLine });
  };
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === 0x22) inside = !inside;
    if (byte !== 0x0a) continue;
    line += 1;
    if (inside) continue;
    close(i + 1);
    start = i + 1;
    startLine = line;
  }
  close(bytes.length);
  return starts;
}

describe('Class: CsvDecoder (splitter)', () => {
  it('property: records start where the byte-by-byte quote-toggle rule starts them, on its lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';'),
        fc.integer({ min: 1, max: 3 }),
        piecesArb,
        csvBytes(','),
        async (delimiter, columnCount, pieces, bytes) => {
          // Prepare
          const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`);
          // Act
          const { batches } = await decode(bytes, columns, delimiter, pieces, true);
          // Assess
          const found = batches
            .flatMap((batch) => [
              ...batch.locations.map(({ offset, line }) => ({ offset, line })),
              ...batch.rejects.map(({ offset, line }) => ({ offset, line })),
            ])
            .sort((a, b) => a.offset - b.offset);
          const expected = referenceStarts(bytes).map(({ offset, line }) => ({
            offset: offset + 5,
            line,
          }));
          expect(found).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
