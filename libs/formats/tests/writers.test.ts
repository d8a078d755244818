import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCsvRowWriter,
  createCsvValuesWriter,
  csvHeaderLine,
  jsonlLine,
} from '../src/index.ts';

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
        const valuesLine = createCsvValuesWriter(delimiter)(cells);
        const header = csvHeaderLine(cells, delimiter);
        // Assess
        expect(line).toBe(stringify([cells], { delimiter }));
        expect(valuesLine).toBe(line);
        expect(header).toBe(stringify([cells], { delimiter }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Function: createCsvValuesWriter', () => {
  it.each([
    { values: ['1', 'a,b', 'say "hi"', ''], delimiter: ',', expected: '1,"a,b","say ""hi""",\n' },
    { values: ['x\ny', 'a,b'], delimiter: '\t', expected: '"x\ny"\ta,b\n' },
    { values: [], delimiter: ',', expected: '\n' },
  ])('writes $values as $expected', ({ values, delimiter, expected }) => {
    // Act
    const line = createCsvValuesWriter(delimiter)(values);
    // Assess
    expect(line).toBe(expected);
  });

  it('rejects a delimiter that is not one ASCII character', () => {
    // Act
    const act = () => createCsvValuesWriter('"');
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
