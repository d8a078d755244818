/**
 * `npm run bench`: LocalStack (found or started), generated inputs, every contender on the
 * same input in one run, one table on stdout and the same figures as JSON in bench/results/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3ObjectStore, createS3Client } from '@chunkline/aws';
import { LOCALSTACK_VERSION, bootstrapLocalStack, resolveLocalStack } from '@chunkline/localstack';
import { runChildContender } from './contenders/childContender.ts';
import type { ChildContenderName } from './contenders/childContender.ts';
import { runChunkline } from './contenders/chunkline.ts';
import { freshCopy } from './contenders/s3.ts';
import type { ChunklineOutcome } from './contenders/chunkline.ts';
import type { StorageFloorShape } from './contenders/types.ts';
import { uploadInputs } from './inputs.ts';
import type { BenchInput } from './inputs.ts';
import { parseOptions } from './options.ts';
import { planningAtScale } from './planningScale.ts';
import { machine, renderReport } from './report.ts';
import type { BenchResults, CostRow, MemoryRow, ThroughputRow } from './report.ts';
import { RACERS, isRacer } from './rounds.ts';
import type { Racer, Round } from './rounds.ts';
import { checkTargets } from './targets.ts';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string): void => void process.stderr.write(`▸ ${line}\n`);

const options = parseOptions(process.argv.slice(2));
const wants = (name: (typeof options.only)[number]): boolean => options.only.includes(name);
const startedAt = new Date().toISOString();
const runDir = join(benchDir, 'results', startedAt.replace(/[:.]/g, '-'));
const rows: ThroughputRow[] = [];
const costs: CostRow[] = [];
const memory: MemoryRow[] = [];
const rounds: Round[] = [];

const localstack = await resolveLocalStack({ log });
try {
  log(`LocalStack at ${localstack.endpoint} (${localstack.source})`);
  const resources = await bootstrapLocalStack(localstack.endpoint, { prefix: 'chunkline-bench-' });
  const s3 = createS3Client({ endpoint: localstack.endpoint, region: 'us-east-1' });
  const store = new S3ObjectStore(s3);
  const inputs = await uploadInputs(
    store,
    // Not the source bucket: its uploads would start jobs.
    resources.buckets.output,
    {
      ...options,
      jsonl: wants('chunkline-jsonl'),
      small: wants('memory'),
    },
    log,
  );
  const inputOf = (name: BenchInput['name']): BenchInput => {
    const input = inputs.find((i) => i.name === name);
    if (!input) throw new Error(`bench: input ${name} was not generated`);
    return input;
  };
  const csv = inputOf('csv');
  // CPU time is also counted for the processes that share the machine with each contender.
  const alongside: Record<string, number> = {
    bench: process.pid,
    ...(localstack.pid === undefined ? {} : { localstack: localstack.pid }),
  };

  /** Runs a single-process contender; its row goes into the tables when `tabled`. */
  const childRun = async (
    name: ChildContenderName,
    tabled: boolean,
    storageFloor?: StorageFloorShape,
  ): Promise<number> => {
    log(`${name}: running`);
    const output = { bucket: resources.buckets.output, key: `bench/${name}-${Date.now()}.csv` };
    // Like Chunkline, each contender starts right after its input was written (see freshCopy).
    const input = { bucket: resources.buckets.output, key: `runs/${name}-${Date.now()}.csv` };
    await freshCopy(s3, csv.ref, input, csv.contentType);
    const outcome = await runChildContender(
      name,
      {
        endpoint: localstack.endpoint,
        input,
        output,
        workDir: join(runDir, 'work'),
        ...(storageFloor ? { storageFloor } : {}),
      },
      alongside,
    );
    // Every contender starts from storage holding the inputs only (see runChunkline).
    await store.deleteMany(output.bucket, [output.key, input.key]);
    if (tabled) rows.push({ name, input: 'csv', inputBytes: csv.bytes, ...outcome });
    log(`${name}: ${outcome.seconds.toFixed(1)} s`);
    return outcome.seconds;
  };
  for (const name of ['copy', 'naive', 'duckdb'] as const)
    if (wants(name)) await childRun(name, true);

  const startChunkline = async (
    logName: string,
    input: BenchInput,
    processors: number,
  ): Promise<ChunklineOutcome> => {
    log(`${logName}: running with ${processors} processor(s)`);
    return runChunkline(
      s3,
      resources,
      input,
      processors,
      join(runDir, 'logs', logName),
      alongside,
      process.env['BENCH_SERVICE_NODE_OPTIONS'] ?? '',
    );
  };
  const chunklineRun = async (
    name: string,
    input: BenchInput,
    processors: number,
  ): Promise<ChunklineOutcome> => {
    const outcome = await startChunkline(name, input, processors);
    rows.push({
      name,
      input: input.name,
      inputBytes: input.bytes,
      seconds: outcome.seconds,
      outputBytes: outcome.outputBytes,
      peakRss: outcome.peakRss,
      cpuSeconds: outcome.cpuSeconds,
    });
    const perChunk = Object.fromEntries(
      Object.entries(outcome.requests)
        .filter(([op]) => !op.endsWith('.bytes'))
        .map(([op, n]) => [op, n / outcome.chunks]),
    );
    costs.push({
      name,
      chunks: outcome.chunks,
      requestsPerChunk: perChunk,
      bytesFetchedPerInputByte: (outcome.requests['S3.GetObject.bytes'] ?? 0) / input.bytes,
      processorBytesFetchedPerInputByte: outcome.processorBytesFetched / input.bytes,
    });
    log(
      `${name}: ${outcome.seconds.toFixed(1)} s, ${outcome.chunks} chunks, ${outcome.rowsOut}/${outcome.rowsIn} rows`,
    );
    return outcome;
  };

  const large = wants('chunkline-2') ? await chunklineRun('chunkline-2', csv, 2) : undefined;
  // The storage floor repeats chunkline-2's reads, part writes and merge, without the records.
  if (large && wants('storage')) await childRun('storage', true, large.storageShape);
  if (wants('chunkline-1')) await chunklineRun('chunkline-1', csv, 1);
  if (wants('chunkline-jsonl')) await chunklineRun('chunkline-jsonl', inputOf('jsonl'), 2);
  if (wants('memory')) {
    const small = inputOf('csv-small');
    // One processor takes both chunks of the small input at once, as each of chunkline-2's
    // two does with the large one: the comparison is then of input size alone. With two,
    // the chunks may go one to each, and a processor holding one chunk peaks lower.
    const smallRun = await chunklineRun('chunkline-1-small', small, 1);
    if (large) {
      const peak = (o: ChunklineOutcome, prefix: string): number =>
        Math.max(
          ...Object.entries(o.peakRss).flatMap(([p, b]) => (p.startsWith(prefix) ? [b] : [])),
        );
      for (const process of ['processor', 'merger'] as const) {
        memory.push({
          process,
          small: { inputBytes: small.bytes, peakRss: peak(smallRun, process) },
          large: { inputBytes: csv.bytes, peakRss: peak(large, process) },
        });
      }
    }
  }

  // The first round is the tables' run; later rounds race the close contenders again.
  const racing = RACERS.filter((name) => wants(name));
  rounds.push(
    Object.fromEntries(rows.flatMap((r) => (isRacer(r.name) ? [[r.name, r.seconds]] : []))),
  );
  for (let round = 2; round <= options.rounds && racing.length > 0; round += 1) {
    log(`round ${round} of ${options.rounds}: ${racing.join(', ')}`);
    const seconds: Partial<Record<Racer, number>> = {};
    for (const name of racing) {
      if (name !== 'chunkline-2') {
        seconds[name] = await childRun(name, false);
        continue;
      }
      const outcome = await startChunkline(`chunkline-2-round-${round}`, csv, 2);
      seconds[name] = outcome.seconds;
      log(`chunkline-2-round-${round}: ${outcome.seconds.toFixed(1)} s, ${outcome.chunks} chunks`);
    }
    rounds.push(seconds);
  }
} finally {
  await localstack.stop();
}

const planning = wants('planning') ? planningAtScale() : undefined;
const results: BenchResults = {
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  startedAt,
  machine: machine(LOCALSTACK_VERSION),
  rows,
  costs,
  memory,
  planning,
  rounds,
  targets: checkTargets(rows, costs, memory, planning, rounds),
};
await mkdir(runDir, { recursive: true });
const file = join(runDir, 'results.json');
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(renderReport(results));
log(`results written to ${file}`);
