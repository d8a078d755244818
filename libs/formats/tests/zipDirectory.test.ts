import { describe, expect, it } from 'vitest';
import type { ZipEntry } from '../src/index.ts';
import { ZIP_TAIL_SIZE, readZipDirectory } from '../src/index.ts';
import { text } from './helpers/bytes.ts';
import type { EntrySpec } from './helpers/zipArchives.ts';
import {
  buildZip,
  centralHeaderOffset,
  contentOf,
  countingReader,
  extract,
  manyEntryZip,
  patched,
} from './helpers/zipArchives.ts';

const KiB = 1024;

let many: Promise<Uint8Array> | undefined;
/** One shared archive of 70,000 entries. */
function manyEntries(): Promise<Uint8Array> {
  many ??= manyEntryZip(70_000);
  return many;
}

/** Entries of `zip`, read through a counting reader. */
async function directoryOf(zip: Uint8Array): Promise<ZipEntry[]> {
  const { read } = countingReader(zip);
  return readZipDirectory(read, zip.length);
}

/** Incompressible bytes, so an archive grows as large as its contents. */
function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

describe('Function: readZipDirectory', () => {
  it.each<{ case: string; entries: EntrySpec[] }>([
    { case: 'one deflated entry', entries: [{ name: 'a.csv', data: 'id,name\n1,Ada\n' }] },
    {
      case: 'stored and deflated entries',
      entries: [
        { name: 'stored.txt', data: 'plain '.repeat(100), compress: false },
        { name: 'deflated.txt', data: 'squeezed '.repeat(100) },
      ],
    },
    {
      case: 'empty entries',
      entries: [
        { name: 'empty-stored', data: '', compress: false },
        { name: 'empty-deflated', data: '' },
      ],
    },
    {
      case: 'directories',
      entries: [
        { name: 'logs', directory: true },
        { name: 'logs/day1.jsonl', data: '{"a":1}\n' },
      ],
    },
    {
      case: 'unicode names',
      entries: [
        { name: 'données/été.csv', data: 'é\n' },
        { name: '日本/データ.jsonl', data: '{}\n' },
        { name: '😀.txt', data: 'smile' },
      ],
    },
    {
      case: 'forced ZIP64 entries',
      entries: [
        { name: 'z64-stored', data: 'x'.repeat(500), compress: false, zip64: true },
        { name: 'z64-deflated', data: 'y'.repeat(500), zip64: true },
      ],
    },
    {
      case: 'data descriptors',
      entries: [
        { name: 'streamed.csv', data: 'a,b\n'.repeat(50), stream: true },
        { name: 'streamed-stored', data: 'raw', stream: true, compress: false },
        { name: 'streamed-z64', data: 'big'.repeat(10), stream: true, zip64: true },
      ],
    },
  ])('lists $case with names, methods and sizes, and each reads back', async ({ entries }) => {
    // Prepare
    const zip = await buildZip(entries);
    // Act
    const listed = await directoryOf(zip);
    // Assess
    expect(listed.map((entry) => entry.name)).toEqual(
      entries.map((spec) => (spec.directory === true ? `${spec.name}/` : spec.name)),
    );
    for (const [i, spec] of entries.entries()) {
      const entry = listed[i] as ZipEntry;
      expect(entry).toMatchObject({
        isDirectory: spec.directory === true,
        method: spec.directory === true || spec.compress === false ? 0 : 8,
        uncompressedSize: contentOf(spec).length,
        hasDataDescriptor: spec.stream === true,
        encrypted: false,
      });
      expect(await extract(zip, entry)).toEqual(contentOf(spec));
    }
  });

  it('lists an empty archive as no entries', async () => {
    // Prepare
    const zip = await buildZip([]);
    // Act + Assess
    await expect(directoryOf(zip)).resolves.toEqual([]);
  });

  it.each([
    { case: 'a short comment', comment: 'made for Chunkline' },
    { case: 'the longest comment', comment: 'c'.repeat(0xffff) },
  ])('finds the end record behind $case', async ({ comment }) => {
    // Prepare
    const zip = await buildZip([{ name: 'a.txt', data: 'hello' }], { comment });
    // Act
    const [entry] = await directoryOf(zip);
    // Assess
    expect(entry?.name).toBe('a.txt');
    expect(text(await extract(zip, entry as ZipEntry))).toBe('hello');
  });

  it('skips an end record signature inside the comment whose length does not fit', async () => {
    // Prepare: the comment holds a fake record claiming an empty comment.
    const zip = await buildZip([{ name: 'a.txt', data: 'hello' }], { comment: 'x'.repeat(40) });
    const fake = patched(patched(zip, zip.length - 40, 0x06054b50, 32), zip.length - 40 + 20, 0);
    // Act
    const entries = await directoryOf(fake);
    // Assess
    expect(entries.map((entry) => entry.name)).toEqual(['a.txt']);
  });

  it('follows the ZIP64 locator when the end record holds 0xFFFF and 0xFFFFFFFF', async () => {
    // Prepare
    const zip = await buildZip(
      [
        { name: 'a.txt', data: 'first' },
        { name: 'b.txt', data: 'second', zip64: true },
      ],
      { zip64: true, comment: 'zip64' },
    );
    // Act
    const entries = await directoryOf(zip);
    // Assess
    expect(entries.map((entry) => entry.name)).toEqual(['a.txt', 'b.txt']);
    expect(text(await extract(zip, entries[1] as ZipEntry))).toBe('second');
  });

  it('takes the entry count from the ZIP64 record, not the classic one', async () => {
    // Prepare: a classic count of 1 that the ZIP64 record (count 3) overrides.
    const zip = await buildZip(
      ['a', 'b', 'c'].map((name) => ({ name, data: name })),
      { zip64: true },
    );
    const eocd = zip.length - 22;
    const misleading = patched(patched(zip, eocd + 8, 1), eocd + 10, 1);
    // Act
    const entries = await directoryOf(misleading);
    // Assess
    expect(entries.map((entry) => entry.name)).toEqual(['a', 'b', 'c']);
  });

  it('lists an archive of more than 65,535 entries', async () => {
    // Prepare
    const zip = await manyEntries();
    // Act
    const entries = await directoryOf(zip);
    // Assess
    expect(entries).toHaveLength(70_000);
    expect(entries[65_536]?.name).toBe('f065536');
    expect(entries[69_999]).toMatchObject({ name: 'f069999', localHeaderOffset: 69_999 * 37 });
  });

  it('reads a large directory in ranges of at most maxReadSize', async () => {
    // Prepare
    const zip = await manyEntries();
    const { read, meter } = countingReader(zip);
    // Act
    const entries = await readZipDirectory(read, zip.length, { maxReadSize: 1000 * KiB });
    // Assess: the same entries, headers split across ranges included.
    expect(entries.map((entry) => entry.name)).toEqual(
      Array.from({ length: 70_000 }, (_, i) => `f${String(i).padStart(6, '0')}`),
    );
    expect(Math.max(...meter.ranges.map(({ start, end }) => end - start))).toBeLessThanOrEqual(
      1000 * KiB,
    );
    expect(meter.calls).toBe(1 + Math.ceil((70_000 * 62 - ZIP_TAIL_SIZE + 98) / (1000 * KiB)));
  });

  describe('I/O cost', () => {
    it('reads a small archive in one request', async () => {
      // Prepare
      const zip = await buildZip([{ name: 'a.txt', data: 'hello' }]);
      const { read, meter } = countingReader(zip);
      // Act
      await readZipDirectory(read, zip.length);
      // Assess
      expect(meter).toMatchObject({ calls: 1, bytes: zip.length });
    });

    it.each([
      { case: 'a classic archive', zip64: false },
      { case: 'a ZIP64 archive', zip64: true },
    ])('reads the directory of $case in 2 requests: tail, then directory', async ({ zip64 }) => {
      // Prepare: 1 MiB of data, then a directory of 1,200 entries (~80 KiB, more than the tail).
      const small = Array.from({ length: 1200 }, (_, i) => ({ name: `part-${i}.csv`, data: 'a' }));
      const zip = await buildZip([{ name: 'big.bin', data: noise(1024 * KiB) }, ...small], {
        zip64,
      });
      const { read, meter } = countingReader(zip);
      // Act
      const entries = await readZipDirectory(read, zip.length);
      // Assess: exactly the bytes from the directory's start to the end of the archive.
      const last = entries.at(-1) as ZipEntry;
      const directoryStart = last.localHeaderOffset + 30 + last.name.length + last.compressedSize;
      expect(entries).toHaveLength(1201);
      expect(meter.calls).toBe(2);
      expect(meter.bytes).toBe(zip.length - directoryStart);
      expect(meter.ranges[1]).toEqual({ start: directoryStart, end: zip.length - ZIP_TAIL_SIZE });
    });

    it('costs a third request when the ZIP64 record lies before the tail', async () => {
      // Prepare: a comment of 65,535 bytes pushes the locator and ZIP64 record out of the tail.
      const zip = await buildZip(
        [
          { name: 'big.bin', data: noise(256 * KiB), compress: false },
          { name: 'b', data: 'b' },
        ],
        { zip64: true, comment: 'c'.repeat(0xffff) },
      );
      const { read, meter } = countingReader(zip);
      // Act
      const entries = await readZipDirectory(read, zip.length);
      // Assess
      expect(entries.map((entry) => entry.name)).toEqual(['big.bin', 'b']);
      expect(meter.calls).toBe(3);
      expect(meter.bytes).toBeLessThan(ZIP_TAIL_SIZE + 1 * KiB);
    });
  });

  describe('failures', () => {
    it.each([
      { case: 'an empty object', bytes: new Uint8Array(0) },
      { case: 'a CSV file', bytes: new TextEncoder().encode('a,b\n1,2\n') },
      { case: 'noise', bytes: noise(100 * KiB) },
    ])('rejects $case as NotZip', async ({ bytes }) => {
      // Act + Assess
      await expect(directoryOf(bytes)).rejects.toMatchObject({
        name: 'FormatError',
        code: 'NotZip',
        message: expect.stringMatching(/not a ZIP archive.*upload it again/),
      });
    });

    it('rejects an archive cut short before its end record as NotZip', async () => {
      // Prepare
      const zip = await buildZip([{ name: 'a.txt', data: noise(200 * KiB) }]);
      // Act + Assess
      await expect(directoryOf(zip.subarray(0, 150 * KiB))).rejects.toMatchObject({
        code: 'NotZip',
        message: expect.stringContaining('cut short'),
      });
    });

    it('rejects a reader that returns fewer bytes than asked as TruncatedZip', async () => {
      // Prepare
      const zip = await buildZip([{ name: 'a.txt', data: 'hello' }]);
      const { read } = countingReader(zip, zip.length - 10);
      // Act + Assess
      await expect(readZipDirectory(read, zip.length)).rejects.toMatchObject({
        code: 'TruncatedZip',
        offset: 0,
      });
    });

    it('rejects a central header with a bad signature, naming its offset', async () => {
      // Prepare
      const zip = await buildZip([
        { name: 'a', data: 'a' },
        { name: 'b', data: 'b' },
      ]);
      const second = centralHeaderOffset(zip, 1);
      // Act + Assess
      await expect(directoryOf(patched(zip, second, 0x4b51))).rejects.toMatchObject({
        code: 'CorruptZip',
        offset: second,
        message: expect.stringContaining(
          `header 2 of 2 (signature PK\\x01\\x02) at byte ${second}`,
        ),
      });
    });

    it.each([
      { case: 'a directory offset past the end record', field: 16, value: 0x7fffffff },
      { case: 'a directory size past the end record', field: 12, value: 0x7fffffff },
      { case: 'more entries than the directory can hold', field: 10, value: 500 },
    ])('rejects $case as CorruptZip', async ({ field, value }) => {
      // Prepare
      const zip = await buildZip([{ name: 'a', data: 'a' }]);
      const eocd = zip.length - 22;
      const bad = patched(
        patched(zip, eocd + field, value, field === 10 ? 16 : 32),
        eocd + 8,
        field === 10 ? value : 1,
      );
      // Act + Assess
      await expect(directoryOf(bad)).rejects.toMatchObject({ code: 'CorruptZip' });
    });

    it('rejects an entry whose data would run into the directory', async () => {
      // Prepare
      const zip = await buildZip([{ name: 'a.txt', data: 'hello', compress: false }]);
      const header = centralHeaderOffset(zip, 0);
      // Act + Assess
      await expect(directoryOf(patched(zip, header + 20, 1_000_000, 32))).rejects.toMatchObject({
        code: 'CorruptZip',
        message: expect.stringContaining('ZIP entry "a.txt" (local header at byte 0)'),
      });
    });

    it('rejects a ZIP64 locator pointing at no ZIP64 record', async () => {
      // Prepare
      const zip = await buildZip([{ name: 'a', data: 'a' }], { zip64: true });
      const locator = zip.length - 22 - 20;
      // Act + Assess
      await expect(directoryOf(patched(zip, locator + 8, 3, 32))).rejects.toMatchObject({
        code: 'CorruptZip',
        offset: 3,
      });
    });

    it('rejects an archive split across disks as UnsupportedFormat', async () => {
      // Prepare
      const zip = await buildZip([{ name: 'a', data: 'a' }]);
      // Act + Assess
      await expect(directoryOf(patched(zip, zip.length - 22 + 4, 2))).rejects.toMatchObject({
        code: 'UnsupportedFormat',
        message: expect.stringContaining('split or spanned'),
      });
    });

    it.each([
      { size: -1, options: {} },
      { size: 1.5, options: {} },
      { size: 100, options: { maxReadSize: 0 } },
    ])('rejects size $size with options $options as InvalidOptions', async ({ size, options }) => {
      // Prepare
      const { read, meter } = countingReader(new Uint8Array(100));
      // Act + Assess
      await expect(readZipDirectory(read, size, options)).rejects.toMatchObject({
        code: 'InvalidOptions',
      });
      expect(meter.calls).toBe(0);
    });
  });
});
