import { describe, expect, it } from 'vitest';
import { endQuoteScan, inferQuoteState, startQuoteScan } from '../src/index.ts';
import { utf8 } from './helpers/bytes.ts';

/** Infer the state at the start of `after`, the byte before it being `before`'s last. */
function infer(before: string, after: string, options: { delimiter?: string; end?: boolean } = {}) {
  const previous = utf8(before);
  let scan = startQuoteScan({
    delimiter: options.delimiter ?? ',',
    previousByte: previous[previous.length - 1],
  });
  scan = inferQuoteState(scan, utf8(after));
  return options.end === true ? endQuoteScan(scan).state : scan.state;
}

describe('Function: inferQuoteState', () => {
  it.each([
    {
      name: 'inside a quoted field (closing quote before a delimiter)',
      before: 'a,"he',
      after: 'llo",b\n',
      expected: 'inside',
    },
    {
      name: 'inside, right after the opening quote',
      before: 'a,"',
      after: 'hello",b\n',
      expected: 'inside',
    },
    {
      name: 'outside, before a field-opening quote',
      before: 'a,',
      after: '"hello",b\n',
      expected: 'outside',
    },
    {
      name: 'outside, mid unquoted field, then a quoted one',
      before: '1,ab',
      after: 'c,"x y"\n',
      expected: 'outside',
    },
    {
      name: 'inside, two escaped quotes later',
      before: '"a',
      after: 'b""c""d",e\n',
      expected: 'inside',
    },
    {
      name: 'inside, a quoted newline before the closing quote',
      before: '"line one',
      after: '\nline two",x\n',
      expected: 'inside',
    },
    {
      name: 'inside, with a tab delimiter',
      before: '"a',
      after: 'b"\tc\n',
      expected: 'inside',
      delimiter: '\t',
    },
    {
      name: 'outside, between CRLF records',
      before: '1,2\r\n',
      after: '"3",4\r\n',
      expected: 'outside',
    },
    {
      name: 'inside, multi-byte text before the closing quote',
      before: '"日',
      after: '本😀",é\n',
      expected: 'inside',
    },
  ])('decides $expected when $name', ({ before, after, expected, delimiter }) => {
    // Act
    const state = infer(before, after, delimiter === undefined ? {} : { delimiter });
    // Assess
    expect(state).toBe(expected);
  });

  it.each([
    { name: 'there are no quotes', before: 'a,b', after: 'c,d\ne,f\n' },
    {
      name: 'the only quotes are an empty field, ambiguous both ways',
      before: 'a',
      after: ',"",b',
    },
    { name: 'no bytes are fed', before: 'a', after: '' },
  ])('stays undecided when $name', ({ before, after }) => {
    // Act
    const state = infer(before, after);
    // Assess
    expect(state).toBeUndefined();
  });

  it('waits for the next byte after a quote that ends a buffer', () => {
    // Prepare
    let scan = startQuoteScan({ previousByte: utf8('x')[0] });
    // Act
    scan = inferQuoteState(scan, utf8('abc"'));
    const pending = scan.state;
    scan = inferQuoteState(scan, utf8(',d'));
    // Assess
    expect(pending).toBeUndefined();
    expect(scan.state).toBe('inside');
  });

  it('lets the end of the object close a field', () => {
    // Act
    const beforeEnd = infer('a,"x', 'yz"');
    const atEnd = infer('a,"x', 'yz"', { end: true });
    // Assess
    expect(beforeEnd).toBeUndefined();
    expect(atEnd).toBe('inside');
  });

  it('treats an unknown previous byte as a possible field start', () => {
    // Prepare
    const scan = startQuoteScan({ delimiter: ',' });
    // Act
    const state = inferQuoteState(scan, utf8('"a",b\n')).state;
    // Assess
    expect(state).toBe('outside');
  });

  it('does not modify the scan it is given', () => {
    // Prepare
    const scan = startQuoteScan({ previousByte: utf8('a')[0] });
    const snapshot = { ...scan };
    // Act
    inferQuoteState(scan, utf8('b",c'));
    // Assess
    expect(scan).toEqual(snapshot);
  });

  it('ignores bytes once decided', () => {
    // Prepare
    const decided = inferQuoteState(startQuoteScan({ previousByte: utf8('a')[0] }), utf8('b",c'));
    // Act
    const after = inferQuoteState(decided, utf8('x"y"z'));
    // Assess
    expect(after).toBe(decided);
  });
});
