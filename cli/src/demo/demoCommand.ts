import { join } from 'node:path';
import { S3ObjectStore, createS3Client } from '@chunkline/aws';
import { EnvReader } from '@chunkline/config';
import type { JobStatus } from '@chunkline/contracts';
import { findJobsForSource } from '@chunkline/jobs';
import { serviceEnv, startLocalPipeline } from '@chunkline/local-run';
import { bootstrapLocalStack, resolveLocalStack } from '@chunkline/localstack';
import { generateCsv } from '@chunkline/sample-data';
import { CliError } from '../cliError.ts';
import { followJob } from '../commands/followJob.ts';
import type { Output } from '../commands/statusCommand.ts';
import { formatBytes } from '../progressBar.ts';
import { DEMO_MAPPING, DEMO_TOKENIZE_KEY } from './demoMapping.ts';
import { uploadGenerated } from './uploadGenerated.ts';

const MiB = 1024 * 1024;

/**
 * `chunkline demo`: LocalStack (found or started), the buckets and queues with the S3
 * notification, the three services as processes, a generated CSV uploaded to the source
 * bucket, its job followed with a progress bar (on `out`), and a summary; with `json`, the
 * summary is `{jobId, status, uploadedBytes, seconds}` on `result` instead.
 */
export async function demoCommand(
  options: { size?: string | undefined; processors?: string | undefined; json?: boolean },
  out: Output,
  result: Output = out,
): Promise<number> {
  const reader = new EnvReader({ SIZE: options.size, PROCESSORS: options.processors });
  const size = reader.bytes(
    'SIZE',
    200 * MiB,
    MiB,
    64 * 1024 * MiB,
    '--size from 1MiB to 64GiB (e.g. 200MiB)',
  );
  const processors = reader.int('PROCESSORS', 2, 1, 16);
  try {
    reader.finish('demo');
  } catch (error) {
    throw new CliError(
      error instanceof Error
        ? error.message.replace(/SIZE|PROCESSORS/g, (m) => `--${m.toLowerCase()}`)
        : String(error),
    );
  }

  out.write('▸ LocalStack: ');
  const localstack = await resolveLocalStack({ log: (line) => out.write(`\n  ${line}`) });
  out.write(`\n  ready at ${localstack.endpoint} (${localstack.source})\n`);
  let pipeline: ReturnType<typeof startLocalPipeline> | undefined;
  try {
    const resources = await bootstrapLocalStack(localstack.endpoint, { prefix: 'chunkline-demo-' });
    const env = serviceEnv(resources, {
      CHUNKLINE_CHUNK_SIZE: '16MiB',
      CHUNKLINE_MAPPING: JSON.stringify(DEMO_MAPPING),
      CHUNKLINE_TOKENIZE_KEY: DEMO_TOKENIZE_KEY,
      CHUNKLINE_CONCURRENCY: '1',
    });
    const logDir = join(process.cwd(), '.demo', 'logs');
    pipeline = startLocalPipeline(env, logDir, processors);
    out.write(`▸ services: dispatcher, ${processors} processor(s), merger (logs in ${logDir})\n`);

    const store = new S3ObjectStore(
      createS3Client({ endpoint: localstack.endpoint, region: 'us-east-1' }),
    );
    const source = { bucket: resources.buckets.source, key: `demo/orders-${Date.now()}.csv` };
    out.write(
      `▸ generating and uploading ${formatBytes(size)} of CSV to s3://${source.bucket}/${source.key}\n`,
    );
    const uploaded = await uploadGenerated(
      store,
      source,
      generateCsv({ seed: 2026, targetBytes: size }),
      'text/csv',
    );
    const started = Date.now();

    const staging = { bucket: resources.buckets.staging, prefix: 'chunkline/' };
    let jobId: string | undefined;
    while (!jobId) {
      if (Date.now() - started > 120_000)
        throw new CliError('no job was planned within 120 s; see the dispatcher log', 1);
      [jobId] = await findJobsForSource(store, staging, source.bucket, source.key);
      if (!jobId) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    out.write(`▸ job ${jobId}\n`);
    const status = await followJob(store, staging, jobId, out, {
      intervalMs: 500,
      deadline: started + 30 * 60_000,
    });
    const seconds = (Date.now() - started) / 1000;
    if (options.json) {
      result.write(
        `${JSON.stringify({ jobId, status, uploadedBytes: uploaded, seconds }, null, 2)}\n`,
      );
    }
    if (!status || status.state !== 'succeeded') {
      out.write(
        `✗ job ${status?.state ?? 'unknown'}: ${status?.reason ?? 'see the service logs'}\n`,
      );
      return 1;
    }
    if (!options.json) out.write(await summary(store, status, uploaded, seconds));
    return 0;
  } finally {
    await pipeline?.stop();
    await localstack.stop();
  }
}

async function summary(
  store: S3ObjectStore,
  status: JobStatus,
  bytes: number,
  seconds: number,
): Promise<string> {
  const head = await store.getBytes(status.output, {
    range: { start: 0, end: Math.min(status.bytes.out, 4096) },
  });
  const rows = Buffer.from(head).toString('utf8').split('\n').slice(0, 6);
  const rate = bytes / 1e6 / seconds;
  return [
    '',
    `✓ ${status.rows.in} rows in, ${status.rows.out} rows out, ${formatBytes(bytes)} in ${seconds.toFixed(1)} s (${rate.toFixed(1)} MB/s), ${status.chunks.total} chunks`,
    `  output s3://${status.output.bucket}/${status.output.key} (${formatBytes(status.bytes.out)})`,
    '  first rows:',
    ...rows.map((row) => `    ${row.length > 160 ? `${row.slice(0, 157)}...` : row}`),
    '',
  ].join('\n');
}
