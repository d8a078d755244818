import { readFileSync } from 'node:fs';
import { parseDispatcherConfig } from '@chunkline/config';
import type { JobConfig } from '@chunkline/jobs';
import { awsPorts, runService, startQueueWorker } from '@chunkline/runtime';
import { keyId } from '@chunkline/transforms';
import { ingestHandler } from './ingestHandler.ts';

await runService(
  'dispatcher',
  () => parseDispatcherConfig(process.env, (path) => readFileSync(path, 'utf8')),
  async (config, log, { metrics }) => {
    const ports = awsPorts(config.aws);
    const { current } = await ports.tokenizeKeys(config);
    const jobConfig: JobConfig = {
      output: config.output,
      staging: config.staging,
      chunkSize: config.chunkSize,
      singleChunkThreshold: config.singleChunkThreshold,
      mapping: config.mapping,
      tokenizeKeyId: current === undefined ? undefined : keyId(current),
      csvDelimiter: config.csvDelimiter,
      onBadRecord: config.onBadRecord,
      outputFormat: config.outputFormat,
      outputCompression: config.outputCompression,
    };
    const handle = ingestHandler(
      { store: ports.store, log, chunkQueue: ports.queue(config.chunkQueueUrl) },
      jobConfig,
      log,
      metrics,
    );
    const { consumer } = config;
    return {
      worker: startQueueWorker({
        name: 'ingest',
        queueUrl: config.ingestQueueUrl,
        sqs: ports.sqs,
        concurrency: 1,
        consumer,
        handle,
        log,
        metrics,
      }),
      readiness: ports.readiness(
        [config.ingestQueueUrl, config.chunkQueueUrl],
        config.staging.bucket,
      ),
    };
  },
);
