import type { Row } from '@chunkline/contracts';
import { compileMapping, parseMapping } from '@chunkline/transforms';
import type { UserTransform } from '@chunkline/transforms';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * The single-pass reference: the whole file parsed at once with csv-parse (or line by
 * line for JSON Lines), the same mapping applied, and the result written with
 * csv-stringify. Chunkline's output must equal it byte for byte. A mapping with a `module`
 * needs that module's function as `userTransform` (the services import it themselves).
 */
export function referenceTransform(
  input: Buffer,
  format: 'csv' | 'jsonl',
  mapping: unknown,
  tokenizeKey?: string,
  userTransform?: UserTransform,
): Buffer {
  const compiled = compileMapping(parseMapping(mapping), {
    ...(tokenizeKey ? { tokenizeKey } : {}),
    ...(userTransform ? { userTransform } : {}),
  });
  if (format === 'jsonl') {
    const lines = input
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '');
    const out = lines.flatMap((line) => {
      const row = compiled.apply(JSON.parse(line) as Row);
      return row ? [`${JSON.stringify(row)}\n`] : [];
    });
    return Buffer.from(out.join(''), 'utf8');
  }
  if (input.length === 0) return Buffer.alloc(0);
  const records = parse(input, { bom: true, skip_empty_lines: true }) as string[][];
  const [header = [], ...body] = records;
  const columns = compiled.outputColumns(header);
  const rows = body.flatMap((values) => {
    const row = compiled.apply(
      Object.fromEntries(header.map((name, i) => [name, values[i] ?? ''])),
    );
    return row ? [columns.map((c) => row[c] ?? '')] : [];
  });
  return Buffer.from(
    stringify([columns], { record_delimiter: 'unix' }) +
      stringify(rows, { record_delimiter: 'unix' }),
    'utf8',
  );
}
