import { generateCsv } from '@chunkline/sample-data';

/**
 * A CSV of about `targetBytes` in which a quoted field holding newlines, commas and
 * escaped quotes straddles every multiple of `chunkSize`, so every chunk edge falls inside
 * a multi-line quoted field (the case the boundary rule must get right).
 */
export function edgeStraddlingCsv(targetBytes: number, chunkSize: number, seed = 11): Buffer {
  const base = Buffer.concat([...generateCsv({ seed, targetBytes })]).toString('utf8');
  const lines = splitRecords(base);
  const out: string[] = [];
  let offset = 0;
  let boundary = chunkSize;
  let id = 10_000_000;
  for (const record of lines) {
    const length = Buffer.byteLength(record);
    if (offset + length + 200 > boundary && offset < boundary - 40) {
      const prefix = `${id},Edge Case,edge${id}@example.com,150.00,EUR,2024-01-01T00:00:00.000Z,FR,4000000000000000,new,"`;
      const fieldStart = offset + Buffer.byteLength(prefix);
      const before = Math.max(1, boundary - fieldStart);
      const filler = straddle(before + 60);
      const row = `${prefix}${filler}"\n`;
      out.push(row);
      offset += Buffer.byteLength(row);
      id += 1;
      boundary += chunkSize;
    }
    out.push(record);
    offset += length;
    while (offset >= boundary) boundary += chunkSize;
  }
  return Buffer.from(out.join(''), 'utf8');
}

/** Text of exactly `bytes` ASCII bytes with newlines, commas and doubled quotes in it. */
function straddle(bytes: number): string {
  const pattern = 'line,\n with ""quotes"" and, commas\r\n}, {';
  let text = '';
  while (text.length < bytes) text += pattern;
  return text
    .slice(0, bytes)
    .replace(/"$/, 'x')
    .replace(/(^|[^"])"(?!")/g, '$1x');
}

/** Split generated CSV into records (the generator's quoted newlines stay inside them). */
function splitRecords(csv: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(csv.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < csv.length) records.push(csv.slice(start));
  return records;
}
