/**
 * CSV decoding alone when some records are not plain (here, a CR inside an unquoted field,
 * which csv-parse accepts and the fast path leaves to it): a generated 64 MiB CSV decoded
 * in 64 KiB blocks with none, one in every 100,000 and one in every 1,000 such records.
 * Prints CPU and wall time per run.
 *
 *   node bench/src/decodeOddRecords.ts [MiB] [runs]
 */
import { decodeRecords } from '@chunkline/formats';
import { generateCsv } from '@chunkline/sample-data';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 64) * MiB;
const runs = Number(process.argv[3] ?? 2);

const input = Buffer.concat([...generateCsv({ seed: 7, targetBytes: size })]);
const headerEnd = input.indexOf(0x0a) + 1;
const columns = input
  .subarray(0, headerEnd - 1)
  .toString('utf8')
  .split(',');
const body = input.subarray(headerEnd).toString('utf8');

/** The body with a CR after the id of one record in every `every` that starts with an id. */
function withOddRecords(every: number): Buffer {
  if (every === 0) return Buffer.from(body);
  let seen = 0;
  const lines = body.split('\n').map((line) => {
    if (!/^\d+,/.test(line)) return line;
    seen += 1;
    return seen % every === 0 ? line.replace(/^(\d+),/, '$1\r,') : line;
  });
  return Buffer.from(lines.join('\n'));
}

async function* blocks(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
}

for (const every of [0, 100_000, 1_000]) {
  const data = withOddRecords(every);
  for (let run = 1; run <= runs; run += 1) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let rows = 0;
    const batches = decodeRecords(blocks(data), {
      format: 'csv',
      columns,
      ownedStart: headerEnd,
      onBadRecord: 'skip',
    });
    for await (const batch of batches) rows += batch.rows.length;
    const used = process.cpuUsage(cpu);
    const label = every === 0 ? 'none' : `1 in ${every.toLocaleString('en')}`;
    console.log(
      `odd records ${label}: ${rows} rows, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, ${((performance.now() - started) / 1e3).toFixed(2)} s wall`,
    );
  }
}
