import { describe, expect, it } from 'vitest';
import { FormatError, parseCsvHeader } from '../src/index.ts';
import { utf8 } from './helpers/bytes.ts';

describe('Function: parseCsvHeader', () => {
  it.each([
    {
      name: 'a plain header',
      input: 'id,name\n1,x\n',
      columns: ['id', 'name'],
      dataStart: 8,
      bom: false,
    },
    {
      name: 'a CRLF header',
      input: 'id,name\r\n1,x\r\n',
      columns: ['id', 'name'],
      dataStart: 9,
      bom: false,
    },
    {
      name: 'a header after a BOM',
      input: '\uFEFFid,name\n1,x\n',
      columns: ['id', 'name'],
      dataStart: 11,
      bom: true,
    },
    {
      name: 'a quoted header holding a newline, a delimiter and a quote',
      input: '"first\nname","a,b","say ""hi"""\r\nx,y,z\n',
      columns: ['first\nname', 'a,b', 'say "hi"'],
      dataStart: 33,
      bom: false,
    },
    {
      name: 'multi-byte names',
      input: 'é,日本,😀\n',
      columns: ['é', '日本', '😀'],
      dataStart: 15,
      bom: false,
    },
  ])('reads $name', ({ input, columns, dataStart, bom }) => {
    // Prepare
    const prefix = utf8(input);
    // Act
    const header = parseCsvHeader(prefix, { isWholeObject: false });
    // Assess
    expect(header).toEqual({ columns, dataStart, bom, delimiter: ',' });
  });

  it.each([
    { input: 'a\tb\tc\n', delimiter: '\t' },
    { input: 'a;b;c\n', delimiter: ';' },
    { input: 'a|b|c\n', delimiter: '|' },
    { input: 'a;b,c;d\n', delimiter: ';' },
    { input: 'a,b;c\n', delimiter: ',' },
    { input: 'a\tb|c\n', delimiter: '\t' },
    { input: '"x;y;z",b\n', delimiter: ',' },
    { input: 'single\n', delimiter: ',' },
  ])('sniffs $delimiter as the delimiter of $input', ({ input, delimiter }) => {
    // Act
    const header = parseCsvHeader(utf8(input), { isWholeObject: false });
    // Assess
    expect(header?.delimiter).toBe(delimiter);
  });

  it('uses the given delimiter instead of sniffing', () => {
    // Act
    const header = parseCsvHeader(utf8('a,b;c\n'), { delimiter: ';', isWholeObject: false });
    // Assess
    expect(header).toEqual({ columns: ['a,b', 'c'], dataStart: 6, bom: false, delimiter: ';' });
  });

  it.each([
    { name: 'no newline yet', input: 'id,name' },
    { name: 'a newline only inside quotes', input: 'id,"first\nname' },
    { name: 'a BOM only', input: '\uFEFF' },
    { name: 'nothing', input: '' },
  ])('asks for more bytes (undefined) when the prefix has $name', ({ input }) => {
    // Act
    const header = parseCsvHeader(utf8(input), { isWholeObject: false });
    // Assess
    expect(header).toBeUndefined();
  });

  it.each([
    {
      name: 'a header without newline',
      input: 'id,name\r',
      columns: ['id', 'name'],
      dataStart: 8,
      bom: false,
    },
    { name: 'an empty object', input: '', columns: [], dataStart: 0, bom: false },
    { name: 'a lone BOM', input: '\uFEFF', columns: [], dataStart: 3, bom: true },
  ])('reads $name as the whole object', ({ input, columns, dataStart, bom }) => {
    // Act
    const header = parseCsvHeader(utf8(input), { isWholeObject: true });
    // Assess
    expect(header).toEqual({ columns, dataStart, bom, delimiter: ',' });
  });

  it.each([
    {
      name: 'duplicate names',
      input: 'id,name,id\n',
      message: '"id" appears twice (columns 1 and 3)',
    },
    { name: 'an empty name', input: 'id,,name\n', message: 'column 2 of 3 has an empty name' },
    {
      name: 'an empty first line',
      input: '\nid\n',
      message: 'first line of the CSV object is empty',
    },
    { name: 'a bad closing quote', input: '"id"x,name\n', message: 'header record is malformed' },
    {
      name: 'an unclosed quote at the object end',
      input: '"id,name',
      message: 'header record is malformed',
    },
  ])('rejects a header with $name', ({ input, message }) => {
    // Act
    const act = () => parseCsvHeader(utf8(input), { isWholeObject: true });
    // Assess
    expect(act).toThrow(FormatError);
    expect(act).toThrow(message);
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidHeader' }));
  });

  it('rejects an unsupported delimiter with InvalidOptions', () => {
    // Act
    const act = () => parseCsvHeader(utf8('a"b\n'), { delimiter: '"', isWholeObject: true });
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});
