import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ZipEntry } from '../src/index.ts';
import { ZIP_TAIL_SIZE, readZipDirectory } from '../src/index.ts';
import type { EntrySpec } from './helpers/zipArchives.ts';
import { buildZip, contentOf, countingReader, extract } from './helpers/zipArchives.ts';

const entrySpec: fc.Arbitrary<EntrySpec> = fc.record({
  name: fc.string({
    unit: fc.constantFrom('a', 'b', 'z', '0', '.', '-', '/', 'é', '日', '😀'),
    minLength: 1,
    maxLength: 12,
  }),
  data: fc.uint8Array({ max: 4, maxLength: 3000 }),
  compress: fc.boolean(),
  zip64: fc.boolean(),
  stream: fc.boolean(),
});

/** Names yazl accepts: relative, no empty or `..` segment, no trailing `/`, unique. */
function usable(specs: readonly EntrySpec[]): EntrySpec[] {
  const seen = new Set<string>();
  return specs.filter(({ name }) => {
    const ok =
      !name.startsWith('/') &&
      !name.endsWith('/') &&
      !name.split('/').some((part) => part === '' || part === '..') &&
      !seen.has(name);
    seen.add(name);
    return ok;
  });
}

describe('Function: readZipDirectory and readZipEntry', () => {
  it('read back every entry of any archive yazl writes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entrySpec, { maxLength: 8 }).map(usable),
        fc.boolean(),
        fc.string({ maxLength: 30 }).filter((comment) => /^[ -~]*$/.test(comment)),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 300 }),
        async (entries, zip64, comment, seed, padded, maxReadSize) => {
          // Prepare: a leading 64 KiB entry puts the directory before the tail, read in
          // ranges of maxReadSize that cut its headers anywhere.
          const padding = {
            name: 'padding.bin',
            data: new Uint8Array(ZIP_TAIL_SIZE),
            compress: false,
          };
          const specs = padded
            ? [padding, ...entries.filter((spec) => spec.name !== padding.name)]
            : entries;
          const zip = await buildZip(specs, { zip64, comment });
          const { read, meter } = countingReader(zip);
          // Act
          const listed = await readZipDirectory(read, zip.length, { maxReadSize });
          // Assess
          expect(listed.map((entry) => entry.name)).toEqual(specs.map((spec) => spec.name));
          expect(
            Math.max(...meter.ranges.slice(1).map(({ start, end }) => end - start)),
          ).toBeLessThanOrEqual(maxReadSize);
          for (const [i, spec] of specs.entries()) {
            const content = await extract(zip, listed[i] as ZipEntry, {
              kind: 'fixed',
              size: 97 * seed,
            });
            expect(Buffer.compare(content, contentOf(spec))).toBe(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
