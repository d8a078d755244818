import type { InputFormat } from '@chunkline/contracts';
import { FormatError } from './errors.ts';

/** What an object is: a text record format, Parquet, or a container of records. */
export type DetectedFormat = InputFormat | 'parquet' | 'gzip' | 'zip';

const TEXT_EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** Binary formats, recognised by their magic bytes. */
const MAGIC: ReadonlyArray<{
  format: 'gzip' | 'zip' | 'parquet';
  bytes: readonly number[];
  extensions: readonly string[];
  what: string;
}> = [
  { format: 'gzip', bytes: [0x1f, 0x8b], extensions: ['gz', 'gzip'], what: 'gzip (1f 8b)' },
  {
    format: 'zip',
    bytes: [0x50, 0x4b, 0x03, 0x04],
    extensions: ['zip'],
    what: 'ZIP (PK\\x03\\x04)',
  },
  // An archive with no entries starts with its end-of-central-directory record.
  {
    format: 'zip',
    bytes: [0x50, 0x4b, 0x05, 0x06],
    extensions: ['zip'],
    what: 'ZIP (PK\\x05\\x06)',
  },
  {
    format: 'parquet',
    bytes: [0x50, 0x41, 0x52, 0x31],
    extensions: ['parquet'],
    what: 'Parquet (PAR1)',
  },
];

/** Lower-cased extension of the last path segment of `key`, or '' when it has none. */
export function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** `key` without its last extension: `a/b.csv.gz` → `a/b.csv`. */
export function withoutExtension(key: string): string {
  const ext = extensionOf(key);
  return ext === '' ? key : key.slice(0, key.length - ext.length - 1);
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
 * The format of object `key`, from its magic bytes, its extension and the first bytes of
 * its body (`prefix`; a few hundred bytes are plenty).
 *
 * - magic `1f 8b` → `gzip`, `PK\x03\x04` → `zip`, `PAR1` → `parquet`;
 * - `.csv`, `.tsv` → `csv`; `.jsonl`, `.ndjson` → `jsonl`;
 * - `.json` → `json` (an array) when it starts with `[`, `jsonl` when with `{` or blank;
 * - any other extension: sniffed, `{` → `jsonl`, `[` → `json`, anything else → `csv`.
 *
 * @throws FormatError `UnsupportedFormat` when magic bytes and extension contradict each
 *   other (a `.gz` that is not gzip, a `.csv` that is a ZIP archive…), and for a `.json`
 *   whose first value is neither an object nor an array.
 */
export function detectFormat(key: string, prefix: Uint8Array): DetectedFormat {
  const extension = extensionOf(key);
  const magic = MAGIC.find((m) => startsWith(prefix, m.bytes));
  const claimed = MAGIC.find((m) => m.extensions.includes(extension));
  if (magic) {
    if (
      extension in TEXT_EXTENSIONS ||
      extension === 'json' ||
      (claimed && claimed.format !== magic.format)
    ) {
      throw unsupported(
        key,
        `${magic.what} by its magic bytes, which contradicts its .${extension} extension; rename it or fix its content`,
      );
    }
    return magic.format;
  }
  if (claimed) {
    throw unsupported(
      key,
      `not ${claimed.what}: its first bytes are not that format's magic bytes although its extension is .${extension}; the object is corrupt or misnamed`,
    );
  }
  const text = TEXT_EXTENSIONS[extension];
  if (text) return text;
  const first = firstSignificantByte(prefix);
  if (extension === 'json') {
    if (first === undefined || first === 0x7b) return 'jsonl';
    if (first === 0x5b) return 'json';
    throw unsupported(
      key,
      `JSON whose first value starts with ${JSON.stringify(String.fromCharCode(first))}; ` +
        'Chunkline reads JSON Lines (one object per line) and JSON arrays of objects',
    );
  }
  if (first === 0x7b) return 'jsonl';
  if (first === 0x5b) return 'json';
  return 'csv';
}

/**
 * The delimiter implied by the key's extension: `'\t'` for `.tsv`, otherwise `undefined`,
 * meaning "sniff it from the header" (see `parseCsvHeader`).
 */
export function defaultDelimiterFor(key: string): string | undefined {
  return extensionOf(key) === 'tsv' ? '\t' : undefined;
}
