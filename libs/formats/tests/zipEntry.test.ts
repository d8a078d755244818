import { describe, expect, it } from 'vitest';
import type { ZipEntry } from '../src/index.ts';
import {
  ZIP_LOCAL_HEADER_SIZE,
  assertReadableZipEntry,
  localHeaderLength,
  readZipDirectory,
  readZipEntry,
} from '../src/index.ts';
import type { Pieces } from './helpers/bytes.ts';
import { collect, meteredSource, sourceOf } from './helpers/bytes.ts';
import type { EntrySpec } from './helpers/zipArchives.ts';
import {
  buildZip,
  centralHeaderOffset,
  contentOf,
  countingReader,
  dataRangeOf,
  extract,
  patched,
} from './helpers/zipArchives.ts';

const KiB = 1024;

/** Bytes from a tiny PRNG over a small alphabet: deflate shrinks them by about half. */
function sample(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = 0x61 + ((state >>> 24) % 16);
  }
  return out;
}

/** The archive built from `specs`, and its directory. */
async function archiveOf(
  specs: readonly EntrySpec[],
): Promise<{ zip: Uint8Array; entries: ZipEntry[] }> {
  const zip = await buildZip(specs);
  const { read } = countingReader(zip);
  return { zip, entries: await readZipDirectory(read, zip.length) };
}

/** The data bytes of `entry` in `zip`. */
async function dataOf(zip: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const { read } = countingReader(zip);
  const { start, end } = await dataRangeOf(read, entry);
  return zip.subarray(start, end);
}

const MIXED: EntrySpec[] = [
  { name: 'stored.csv', data: sample(5000, 1), compress: false },
  { name: 'deflated.csv', data: sample(5000, 2) },
  { name: 'empty', data: '' },
  { name: 'z64.jsonl', data: sample(3000, 3), zip64: true },
  { name: 'descriptor.csv', data: sample(3000, 4), stream: true },
  { name: 'descriptor-stored', data: sample(700, 5), stream: true, compress: false },
  { name: 'dir', directory: true },
];

describe('Function: readZipEntry', () => {
  it.each<{ pieces: Pieces }>([
    { pieces: { kind: 'whole' } },
    { pieces: { kind: 'fixed', size: 1 } },
    { pieces: { kind: 'fixed', size: 4096 } },
    { pieces: { kind: 'random', seed: 11 } },
  ])('decompresses every kind of entry fed in $pieces.kind pieces', async ({ pieces }) => {
    // Prepare
    const { zip, entries } = await archiveOf(MIXED);
    for (const [i, spec] of MIXED.entries()) {
      // Act
      const content = await extract(zip, entries[i] as ZipEntry, pieces);
      // Assess
      expect(content).toEqual(contentOf(spec));
    }
  });

  it('ignores bytes past the compressed size, and never pulls them', async () => {
    // Prepare
    const { zip, entries } = await archiveOf([{ name: 'a', data: 'abc', compress: false }]);
    const entry = entries[0] as ZipEntry;
    const { start } = await dataRangeOf(countingReader(zip).read, entry);
    const { source, meter } = meteredSource(zip, start, { kind: 'fixed', size: 3 });
    // Act
    const content = await collect(readZipEntry(source, entry));
    // Assess
    expect(new TextDecoder().decode(content)).toBe('abc');
    expect(meter.pulled).toBe(3);
  });

  it.each([
    { method: 'stored', compress: false },
    { method: 'deflated', compress: true },
  ])(
    'streams a large $method entry, pulling input only as output is taken',
    async ({ compress }) => {
      // Prepare: 8 MiB in, fed in 64 KiB pieces.
      const { zip, entries } = await archiveOf([
        { name: 'big', data: sample(8192 * KiB), compress },
      ]);
      const entry = entries[0] as ZipEntry;
      const data = await dataOf(zip, entry);
      const { source, meter } = meteredSource(data, 0, { kind: 'fixed', size: 64 * KiB });
      const reader = readZipEntry(source, entry);
      // Act
      const first = await reader.next();
      const pulledAtFirst = meter.pulled;
      let largest = first.value?.length ?? 0;
      let total = largest;
      for await (const chunk of reader) {
        largest = Math.max(largest, chunk.length);
        total += chunk.length;
      }
      // Assess
      expect(total).toBe(8192 * KiB);
      expect(pulledAtFirst).toBeLessThanOrEqual(512 * KiB);
      expect(largest).toBeLessThanOrEqual(64 * KiB);
    },
  );

  it.each([
    { method: 'stored', compress: false },
    { method: 'deflated', compress: true },
  ])('hands the source back when the consumer stops early ($method)', async ({ compress }) => {
    // Prepare
    const { zip, entries } = await archiveOf([{ name: 'big', data: sample(1024 * KiB), compress }]);
    const entry = entries[0] as ZipEntry;
    const { source, meter } = meteredSource(await dataOf(zip, entry), 0, {
      kind: 'fixed',
      size: 16 * KiB,
    });
    // Act
    for await (const chunk of readZipEntry(source, entry)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    // Assess
    await expect.poll(() => meter.returned).toBe(true);
    expect(meter.pulled).toBeLessThan(entry.compressedSize);
  });

  it.each([
    { method: 'stored', compress: false },
    { method: 'deflated', compress: true },
  ])('yields nothing for an empty $method entry', async ({ compress }) => {
    // Prepare: a stored one has no data at all, a deflated one a 2-byte final block.
    const { zip, entries } = await archiveOf([{ name: 'empty', data: '', compress }]);
    const entry = entries[0] as ZipEntry;
    const { source, meter } = meteredSource(await dataOf(zip, entry), 0, { kind: 'whole' });
    // Act
    const content = await collect(readZipEntry(source, entry));
    // Assess
    expect(content).toHaveLength(0);
    expect(meter.pulled).toBe(compress ? 2 : 0);
  });

  describe('failures', () => {
    it('rejects a flipped byte of a stored entry as ZipCrcMismatch', async () => {
      // Prepare
      const { zip, entries } = await archiveOf([
        { name: 'ok.txt', data: 'fine' },
        { name: 'bad.csv', data: 'a,b\n1,2\n', compress: false },
      ]);
      const entry = entries[1] as ZipEntry;
      const { start } = await dataRangeOf(countingReader(zip).read, entry);
      const flipped = patched(zip, start + 2, (zip[start + 2] as number) ^ 0x01, 8);
      // Act + Assess
      await expect(extract(flipped, entry)).rejects.toMatchObject({
        name: 'FormatError',
        code: 'ZipCrcMismatch',
        offset: entry.localHeaderOffset,
        message: expect.stringMatching(
          new RegExp(
            `"bad.csv" \\(local header at byte ${entry.localHeaderOffset}\\).*upload it again`,
          ),
        ),
      });
    });

    it('rejects bad deflate data as CorruptZip', async () => {
      // Prepare: the first block becomes one of the reserved type 3.
      const { zip, entries } = await archiveOf([{ name: 'd.txt', data: sample(2000) }]);
      const entry = entries[0] as ZipEntry;
      const { start } = await dataRangeOf(countingReader(zip).read, entry);
      // Act + Assess
      await expect(extract(patched(zip, start, 0x07, 8), entry)).rejects.toMatchObject({
        code: 'CorruptZip',
        message: expect.stringContaining('the deflate data of ZIP entry "d.txt"'),
      });
    });

    it.each([
      { case: 'smaller', delta: -1, wording: 'at least' },
      { case: 'larger', delta: +1, wording: 'decompressed to 2000 bytes' },
    ])(
      'rejects output of another size than the $case declared one as ZipSizeMismatch',
      async ({ delta, wording }) => {
        // Prepare
        const { zip } = await archiveOf([{ name: 's.txt', data: sample(2000) }]);
        const header = centralHeaderOffset(zip, 0);
        const lying = patched(zip, header + 24, 2000 + delta, 32);
        const { read } = countingReader(lying);
        const [entry] = await readZipDirectory(read, lying.length);
        // Act + Assess
        await expect(extract(lying, entry as ZipEntry)).rejects.toMatchObject({
          code: 'ZipSizeMismatch',
          message: expect.stringContaining(wording),
        });
      },
    );

    it.each([
      { method: 'stored', compress: false },
      { method: 'deflated', compress: true },
    ])('rejects $method data cut short as TruncatedZip', async ({ compress }) => {
      // Prepare
      const { zip, entries } = await archiveOf([{ name: 't.bin', data: sample(4000), compress }]);
      const entry = entries[0] as ZipEntry;
      const data = await dataOf(zip, entry);
      // Act
      const reading = collect(readZipEntry(sourceOf(data.subarray(0, data.length - 5)), entry));
      // Assess
      await expect(reading).rejects.toMatchObject({
        code: 'TruncatedZip',
        offset: entry.localHeaderOffset,
        message: expect.stringContaining(
          `ended after ${entry.compressedSize - 5} of its ${entry.compressedSize} compressed bytes`,
        ),
      });
    });

    it('rejects an entry flagged encrypted before reading any of it', async () => {
      // Prepare: set flag bit 0 in the local and the central header.
      const { zip } = await archiveOf([{ name: 'secret.csv', data: 'a,b\n' }]);
      const central = centralHeaderOffset(zip, 0);
      const locked = patched(
        patched(zip, 6, zip[6]! | 1, 8),
        central + 8,
        zip[central + 8]! | 1,
        8,
      );
      const { read } = countingReader(locked);
      const [entry] = await readZipDirectory(read, locked.length);
      const { source, meter } = meteredSource(locked, 0, { kind: 'whole' });
      // Act
      const reading = collect(readZipEntry(source, entry as ZipEntry));
      // Assess
      expect(entry?.encrypted).toBe(true);
      await expect(reading).rejects.toMatchObject({
        code: 'EncryptedZipEntry',
        offset: 0,
        message: expect.stringContaining('"secret.csv" (local header at byte 0) is encrypted'),
      });
      expect(meter.pulled).toBe(0);
    });

    it.each([
      { method: 12, name: 'bzip2' },
      { method: 14, name: 'LZMA' },
      { method: 93, name: 'zstd' },
      { method: 9, name: 'deflate64' },
      { method: 77, name: 'unknown' },
    ])('rejects method $method as UnsupportedZipMethod, naming $name', async ({ method, name }) => {
      // Prepare
      const { zip } = await archiveOf([{ name: 'x.csv', data: 'x' }]);
      const central = centralHeaderOffset(zip, 0);
      const other = patched(patched(zip, 8, method), central + 10, method);
      const { read } = countingReader(other);
      const [entry] = await readZipDirectory(read, other.length);
      // Act + Assess
      expect(entry?.method).toBe(method);
      expect(() => assertReadableZipEntry(entry as ZipEntry)).toThrow(
        `uses compression method ${method} (${name}); only 0 (stored) and 8 (deflate) can be read`,
      );
      await expect(collect(readZipEntry(sourceOf(zip), entry as ZipEntry))).rejects.toMatchObject({
        code: 'UnsupportedZipMethod',
      });
    });
  });
});

describe('Function: localHeaderLength', () => {
  it('measures the local header, whose extra field differs from the central one', async () => {
    // Prepare: yazl writes no extra field locally, a timestamp (and ZIP64) one centrally.
    const { zip, entries } = await archiveOf([{ name: 'naïve.txt', data: 'x', zip64: true }]);
    const entry = entries[0] as ZipEntry;
    // Act
    const length = localHeaderLength(zip.subarray(0, ZIP_LOCAL_HEADER_SIZE), entry);
    // Assess
    expect(length).toBe(ZIP_LOCAL_HEADER_SIZE + new TextEncoder().encode('naïve.txt').length);
  });

  it.each([
    { case: 'a header without its signature', bytes: new Uint8Array(30), code: 'CorruptZip' },
    { case: 'a short header', bytes: new Uint8Array(12), code: 'TruncatedZip' },
  ])('rejects $case as $code', async ({ bytes, code }) => {
    // Prepare
    const { entries } = await archiveOf([{ name: 'a', data: 'a' }]);
    // Act + Assess
    expect(() => localHeaderLength(bytes, entries[0] as ZipEntry)).toThrow(
      expect.objectContaining({ code }),
    );
  });
});

describe('I/O cost of one entry', () => {
  it("reads only the entry's local header and data", async () => {
    // Prepare
    const specs = ['a', 'b', 'c'].map((name, i) => ({ name, data: sample(10 * KiB, i) }));
    const { zip, entries } = await archiveOf(specs);
    const entry = entries[1] as ZipEntry;
    const next = (entries[2] as ZipEntry).localHeaderOffset;
    const { read, meter } = countingReader(zip);
    // Act
    const range = await dataRangeOf(read, entry);
    const content = await collect(readZipEntry(sourceOf(await read(range)), entry));
    // Assess
    expect(content).toEqual(specs[1]?.data);
    expect(meter.calls).toBe(2);
    expect(meter.bytes).toBe(ZIP_LOCAL_HEADER_SIZE + entry.compressedSize);
    for (const { start, end } of meter.ranges) {
      expect(start).toBeGreaterThanOrEqual(entry.localHeaderOffset);
      expect(end).toBeLessThanOrEqual(next);
    }
  });
});
