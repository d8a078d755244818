import { describe, expect, it } from 'vitest';
import { readParquetLayout, readParquetRows, type RangeReader } from '../src/index.ts';
import { utf8 } from './helpers/bytes.ts';
import { assembleParquet, encodePart } from './helpers/parquetFiles.ts';
import { readerOf } from './helpers/parquetIo.ts';
import { ALL_TYPES, sampleRows } from './helpers/parquetRows.ts';

const good = assembleParquet(ALL_TYPES, [encodePart(ALL_TYPES, [sampleRows(0, 20)], 5)]);
const footerLength = new DataView(good.buffer).getUint32(good.length - 8, true);

/** `good` with the 4-byte footer length replaced. */
function withFooterLength(length: number): Uint8Array {
  const copy = good.slice();
  new DataView(copy.buffer).setUint32(copy.length - 8, length, true);
  return copy;
}

/** `good` with its metadata overwritten by junk, length and magic intact. */
function withJunkFooter(): Uint8Array {
  const copy = good.slice();
  copy.fill(0xff, copy.length - 8 - footerLength, copy.length - 8);
  return copy;
}

describe('Function: readParquetLayout (bad input)', () => {
  it.each([
    {
      name: 'a CSV object',
      file: utf8('id,name\n1,a\n'),
      code: 'NotParquet',
      words: ['PAR1', '12 bytes'],
    },
    { name: 'an empty object', file: new Uint8Array(0), code: 'NotParquet', words: ['0 bytes'] },
    {
      name: 'a file cut before its end',
      file: good.subarray(0, good.length - 100),
      code: 'NotParquet',
      words: ['truncated'],
    },
    {
      name: 'magic alone',
      file: utf8('PAR1PAR1'),
      code: 'CorruptParquet',
      words: ['8 bytes', 'truncated'],
    },
    {
      name: 'a footer length beyond the file',
      file: withFooterLength(good.length),
      code: 'CorruptParquet',
      words: [`footer length ${good.length}`, `file size ${good.length}`],
    },
    {
      name: 'a footer that does not decode',
      file: withJunkFooter(),
      code: 'CorruptParquet',
      words: [`footer of ${footerLength} bytes`, `${good.length} bytes`],
    },
    {
      name: 'a file whose head was cut off',
      file: good.subarray(200),
      code: 'CorruptParquet',
      words: ['row group'],
    },
  ])('rejects $name with $code', async ({ file, code, words }) => {
    // Act
    const act = readParquetLayout(readerOf(file), file.length);
    // Assess
    const error = await act.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'FormatError', code });
    for (const word of words) expect((error as Error).message).toContain(word);
    expect((error as Error).message).toMatch(/^formats: /);
  });

  it('rejects a reader that returns fewer bytes than the size promised', async () => {
    // Prepare
    const short: RangeReader = async ({ start, end }) => good.slice(start, end - 1);
    // Act
    const act = readParquetLayout(short, good.length);
    // Assess
    await expect(act).rejects.toMatchObject({ code: 'CorruptParquet' });
  });

  it.each([-1, 1.5, Number.NaN])('rejects a size of %s', async (size) => {
    // Act
    const act = readParquetLayout(readerOf(good), size);
    // Assess
    await expect(act).rejects.toMatchObject({ code: 'InvalidOptions' });
  });
});

describe('Function: readParquetRows (bad input)', () => {
  async function drain(
    read: RangeReader,
    size: number,
    first: number,
    count: number,
    batchSize?: number,
  ) {
    for await (const _batch of readParquetRows(read, size, { first, count }, batchSize)) {
      // drain
    }
  }

  it.each([
    { name: 'row groups past the end', first: 3, count: 2, batchSize: 10 },
    { name: 'a negative first row group', first: -1, count: 1, batchSize: 10 },
    { name: 'a fractional count', first: 0, count: 0.5, batchSize: 10 },
    { name: 'a zero batch size', first: 0, count: 1, batchSize: 0 },
  ])('rejects $name', async ({ first, count, batchSize }) => {
    // Act
    const act = drain(readerOf(good), good.length, first, count, batchSize);
    // Assess
    await expect(act).rejects.toMatchObject({ code: 'InvalidOptions' });
  });

  it('rejects a row group whose pages are corrupt, naming the row group', async () => {
    // Prepare
    const copy = good.slice();
    copy.fill(0x00, 4, 60);
    // Act
    const act = drain(readerOf(copy), copy.length, 0, 1);
    // Assess
    await expect(act).rejects.toMatchObject({
      code: 'CorruptParquet',
      message: expect.stringContaining('row group 0'),
    });
  });
});
