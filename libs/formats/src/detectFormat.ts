import type { InputFormat } from '@chunkline/contracts';
import { FormatError } from './errors.ts';

const CSV_EXTENSIONS = new Set(['csv', 'tsv']);
const JSONL_EXTENSIONS = new Set(['jsonl', 'ndjson']);

/** Magic numbers of containers Chunkline cannot split, with what to tell the user. */
const UNSUPPORTED_MAGIC: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed (magic bytes 1f 8b); decompress it first' },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (magic bytes PK\\x03\\x04); extract it first',
  },
  {
    bytes: [0x50, 0x41, 0x52, 0x31],
    what: 'a Parquet file (magic bytes PAR1); Parquet is not supported yet',
  },
];

/** Lower-cased extension of the last path segment of `key`, or '' when it has none. */
function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** First byte that is not a UTF-8 BOM or JSON whitespace, or undefined. */
function firstSignificantByte(prefix: Uint8Array): number | undefined {
  let i = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
  for (; i < prefix.length; i += 1) {
    const byte = prefix[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return undefined;
}

function startsWith(prefix: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.length <= prefix.length && bytes.every((byte, i) => prefix[i] === byte);
}

function unsupported(key: string, what: string): FormatError {
  return new FormatError('UnsupportedFormat', `formats: object ${JSON.stringify(key)} is ${what}`);
}

/**
 * The input format of object `key`, from its extension and the first bytes of its body
 * (`prefix`; a few hundred bytes are plenty).
 *
 * - `.csv`, `.tsv` → `csv`; `.jsonl`, `.ndjson` → `jsonl`;
 * - `.json` → `jsonl` when its first value starts with `{` (or it is blank);
 * - any other extension: sniffed, `{` → `jsonl`, anything else → `csv`.
 *
 * @throws FormatError `UnsupportedFormat` for gzip, ZIP or Parquet bodies (whatever the
 *   extension), for a `.json` holding a JSON array, and for a `.json` whose first value
 *   is neither an object nor an array.
 */
export function detectFormat(key: string, prefix: Uint8Array): InputFormat {
  for (const magic of UNSUPPORTED_MAGIC) {
    if (startsWith(prefix, magic.bytes)) throw unsupported(key, magic.what);
  }
  const extension = extensionOf(key);
  if (CSV_EXTENSIONS.has(extension)) return 'csv';
  if (JSONL_EXTENSIONS.has(extension)) return 'jsonl';
  const first = firstSignificantByte(prefix);
  if (extension === 'json') {
    if (first === undefined || first === 0x7b) return 'jsonl';
    if (first === 0x5b) {
      throw unsupported(
        key,
        'a JSON array; JSON arrays are not supported yet, convert it to JSON Lines',
      );
    }
    throw unsupported(
      key,
      `JSON whose first value starts with ${JSON.stringify(String.fromCharCode(first))}; ` +
        'only JSON Lines (one object per line) is supported',
    );
  }
  return first === 0x7b ? 'jsonl' : 'csv';
}

/**
 * The delimiter implied by the key's extension: `'\t'` for `.tsv`, otherwise `undefined`,
 * meaning "sniff it from the header" (see `parseCsvHeader`).
 */
export function defaultDelimiterFor(key: string): string | undefined {
  return extensionOf(key) === 'tsv' ? '\t' : undefined;
}
