import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_SHAPE } from '../src/csvRecordShape.ts';
import {
  byteTextOfText,
  createCsvRecordWriter,
  createCsvRowWriter,
  csvHeaderLine,
  jsonlLine,
} from '../src/index.ts';
import type { CsvRecord } from '../src/index.ts';

describe('Function: csvHeaderLine', () => {
  it.each([
    { columns: ['id', 'name'], delimiter: ',', expected: 'id,name\n' },
    {
      columns: ['a,b', 'say "hi"', 'x\ny'],
      delimiter: ',',
      expected: '"a,b","say ""hi""","x\ny"\n',
    },
    { columns: ['a,b', 'c\td'], delimiter: '\t', expected: 'a,b\t"c\td"\n' },
    { columns: [], delimiter: ',', expected: '\n' },
  ])('writes $columns as $expected', ({ columns, delimiter, expected }) => {
    // Act
    const line = csvHeaderLine(columns, delimiter);
    // Assess
    expect(line).toBe(expected);
  });

  it('rejects a delimiter that is not one ASCII character', () => {
    // Act
    const act = () => csvHeaderLine(['a'], ';;');
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('Function: createCsvRowWriter', () => {
  it.each([
    { name: 'strings in column order', row: { b: 'B', a: 'A' }, expected: 'A,B,\n' },
    { name: 'missing, null and undefined as empty', row: { a: null, c: '' }, expected: ',,\n' },
    {
      name: 'booleans and numbers',
      row: { a: true, b: false, c: -1.5 },
      expected: 'true,false,-1.5\n',
    },
    {
      name: 'objects and arrays as quoted JSON',
      row: { a: { x: 1, y: 'q' }, b: [1, 2] },
      expected: '"{""x"":1,""y"":""q""}","[1,2]",\n',
    },
    {
      name: 'fields needing quotes',
      row: { a: 'x,y', b: 'a"b', c: 'l1\r\nl2' },
      expected: '"x,y","a""b","l1\r\nl2"\n',
    },
    {
      name: 'inherited names as missing',
      row: {},
      expected: ',,\n',
      columns: ['constructor', 'toString', '__proto__'],
    },
  ])('writes $name', ({ row, expected, columns }) => {
    // Prepare
    const write = createCsvRowWriter(columns ?? ['a', 'b', 'c'], ',');
    // Act
    const line = write(row);
    // Assess
    expect(line).toBe(expected);
  });

  it('writes exactly what csv-stringify writes, for random string rows and delimiters, regex-special ones too', () => {
    // Prepare
    const cell = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        ',',
        ';',
        '\t',
        '"',
        '\n',
        '\r',
        'é',
        '😀',
        ']',
        '^',
        '-',
        '\\',
      ),
      maxLength: 6,
    });
    const rows = fc.record({
      delimiter: fc.constantFrom(',', ';', '\t', '|', ']', '^', '-', '\\'),
      cells: fc.array(cell, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(rows, ({ delimiter, cells }) => {
        const columns = cells.map((_, i) => `c${i}`);
        const row = Object.fromEntries(cells.map((value, i) => [`c${i}`, value]));
        // Act
        const line = createCsvRowWriter(columns, delimiter)(row);
        const header = csvHeaderLine(cells, delimiter);
        // Assess
        expect(line).toBe(stringify([cells], { delimiter }));
        expect(header).toBe(stringify([cells], { delimiter }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Function: createCsvRecordWriter', () => {
  const cell = fc.string({
    unit: fc.constantFrom('a', ' ', ',', ';', '"', '\n', '\r', 'é', '😀'),
    maxLength: 5,
  });
  /**
   * A record read in place from the line a row writer writes for `cells`, if it is plain:
   * from the line's byte text, or from the line as text.
   */
  const textRecord = (
    cells: string[],
    delimiter: string,
    isByteText = true,
  ): CsvRecord | undefined => {
    const columns = cells.map((_, i) => `c${i}`);
    const line = createCsvRowWriter(
      columns,
      delimiter,
    )(Object.fromEntries(cells.map((v, i) => [`c${i}`, v])));
    const text = isByteText ? byteTextOfText(line) : line;
    return RECORD_SHAPE.reader({ text, isByteText }, 1, columns, delimiter)(0, text.length, true);
  };
  /** The bytes of a line in byte text. */
  const bytesOf = (byteText: string): Buffer => Buffer.from(byteText, 'latin1');
  const outputColumn = (width: number) =>
    fc.oneof(
      fc.integer({ min: 0, max: width - 1 }).map((copy) => ({ copy })),
      fc.integer({ min: 0, max: width - 1 }).map((index) => ({
        compute: (record: CsvRecord) => `${record.value(index)}"x`,
      })),
      fc.constantFrom('', 'a,b', 'plain').map((text) => ({ compute: () => text })),
      // Values of a known alphabet, written unchecked only when none of its characters needs it.
      fc
        .constantFrom('', 'ab', 'a;', 'a,', 'aé', 'a"', 'a\n')
        .chain((alphabet) =>
          fc.tuple(
            fc.constant(alphabet),
            alphabet === ''
              ? fc.constant('')
              : fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 4 }),
          ),
        )
        .map(([alphabet, text]) => ({ compute: () => text, alphabet })),
    );

  it('writes what a row writer writes for the same values, copying runs of fields or not, whatever the record delimiter', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 5 }).chain((cells) =>
          fc.record({
            cells: fc.constant(cells),
            outputs: fc.array(outputColumn(cells.length), { minLength: 1, maxLength: 6 }),
            delimiter: fc.constantFrom(',', ';'),
            recordDelimiter: fc.constantFrom(',', ';'),
            inPlace: fc.boolean(),
            isByteText: fc.boolean(),
          }),
        ),
        ({ cells, outputs, delimiter, recordDelimiter, inPlace, isByteText }) => {
          // Prepare
          const record = inPlace
            ? textRecord(cells, recordDelimiter, isByteText)
            : RECORD_SHAPE.fromRow(
                cells.map((_, i) => `c${i}`),
                Object.fromEntries(cells.map((v, i) => [`c${i}`, v])),
                recordDelimiter,
              );
          fc.pre(record !== undefined);
          const names = outputs.map((_, i) => `o${i}`);
          const values = outputs.map((o) =>
            'copy' in o ? (cells[o.copy] as string) : o.compute(record),
          );
          // Act
          const line = createCsvRecordWriter(delimiter, outputs)(record);
          // Assess
          const expected = createCsvRowWriter(
            names,
            delimiter,
          )(Object.fromEntries(names.map((n, i) => [n, values[i] as string])));
          expect(bytesOf(line)).toEqual(Buffer.from(expected, 'utf8'));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('copies a run of unquoted fields as one slice, and a quoted field as it is only when it needs its quotes', () => {
    // Prepare
    const record = textRecord(['1', 'ab', 'c,d', 'e'], ',');
    // Act
    const line =
      record &&
      createCsvRecordWriter(',', [{ copy: 0 }, { copy: 1 }, { copy: 2 }, { copy: 3 }, { copy: 0 }])(
        record,
      );
    const bare = RECORD_SHAPE.reader(
      { text: '"x",y\n', isByteText: true },
      1,
      ['a', 'b'],
      ',',
    )(0, 6, true);
    // Assess
    expect(line).toBe('1,ab,"c,d",e,1\n');
    expect(bare && createCsvRecordWriter(',', [{ copy: 0 }, { copy: 1 }])(bare)).toBe('x,y\n');
  });

  it('writes in byte text: copied fields as the bytes they came as, computed values as UTF-8', () => {
    // Prepare
    const record = textRecord(['Zoë', '陽翔', '😀,x'], ',');
    // Act
    const line =
      record &&
      createCsvRecordWriter(',', [{ copy: 0 }, { compute: (r) => `${r.value(1)}!` }, { copy: 2 }])(
        record,
      );
    // Assess
    expect(record?.value(1)).toBe('陽翔');
    expect(line && bytesOf(line).toString('utf8')).toBe('Zoë,陽翔!,"😀,x"\n');
  });

  it('rejects a delimiter that is not one ASCII character', () => {
    // Act
    const act = () => createCsvRecordWriter('"', []);
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('Function: jsonlLine', () => {
  it('writes the row as JSON and a newline', () => {
    // Act
    const line = jsonlLine({ a: 'é\n', b: [1, null], c: { d: true } });
    // Assess
    expect(line).toBe('{"a":"é\\n","b":[1,null],"c":{"d":true}}\n');
  });
});
