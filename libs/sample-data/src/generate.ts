import { SAMPLE_COLUMNS, sampleRecords } from './sampleRecords.ts';

/** Bytes per yielded buffer. */
const BLOCK = 1024 * 1024;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Options for generated files. */
export interface GenerateOptions {
  readonly seed: number;
  /** Stop after the first record that reaches this many bytes. */
  readonly targetBytes: number;
  /** Line ending for CSV records (quoted newlines inside fields stay `\n`). Default `\n`. */
  readonly lineEnding?: '\n' | '\r\n';
}

/** A reproducible CSV file (with header) of about `targetBytes`, in blocks of about 1 MiB. */
export function* generateCsv(options: GenerateOptions): Generator<Buffer> {
  const eol = options.lineEnding ?? '\n';
  yield* blocks(
    `${SAMPLE_COLUMNS.join(',')}${eol}`,
    options,
    (record) => `${record.map(csvField).join(',')}${eol}`,
  );
}

/** The same records as JSON Lines. */
export function* generateJsonl(options: GenerateOptions): Generator<Buffer> {
  yield* blocks(
    '',
    options,
    (record) =>
      `${JSON.stringify(Object.fromEntries(SAMPLE_COLUMNS.map((c, i) => [c, record[i]])))}\n`,
  );
}

function* blocks(
  head: string,
  options: GenerateOptions,
  line: (record: readonly string[]) => string,
): Generator<Buffer> {
  let lines = [head];
  let pending = Buffer.byteLength(head);
  let written = 0;
  for (const record of sampleRecords(options.seed)) {
    const text = line(record);
    lines.push(text);
    pending += Buffer.byteLength(text);
    if (written + pending >= options.targetBytes) break;
    if (pending >= BLOCK) {
      yield Buffer.from(lines.join(''), 'utf8');
      written += pending;
      lines = [];
      pending = 0;
    }
  }
  if (pending > 0) yield Buffer.from(lines.join(''), 'utf8');
}
