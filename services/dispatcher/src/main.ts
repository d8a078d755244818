import { readFileSync } from 'node:fs';
import { parseDispatcherConfig } from '@chunkline/config';
import type { JobConfig } from '@chunkline/jobs';
import { awsPorts, runService, startQueueWorker } from '@chunkline/runtime';
import { keyId } from '@chunkline/transforms';
import { ingestHandler } from './ingestHandler.ts';

await runService(
  'dispatcher',
  () => parseDispatcherConfig(process.env, (path) => readFileSync(path, 'utf8')),
  (config, log) => {
    const { sqs, store, queue } = awsPorts(config.aws);
    const jobConfig: JobConfig = {
      output: config.output,
      staging: config.staging,
      chunkSize: config.chunkSize,
      singleChunkThreshold: config.singleChunkThreshold,
      mapping: config.mapping,
      tokenizeKeyId: config.tokenizeKey === undefined ? undefined : keyId(config.tokenizeKey),
      csvDelimiter: config.csvDelimiter,
      onBadRecord: config.onBadRecord,
      outputFormat: config.outputFormat,
      outputCompression: config.outputCompression,
    };
    const handle = ingestHandler(
      { store, log, chunkQueue: queue(config.chunkQueueUrl) },
      jobConfig,
      log,
    );
    const { consumer } = config;
    return {
      worker: startQueueWorker({
        name: 'ingest',
        queueUrl: config.ingestQueueUrl,
        sqs,
        concurrency: 1,
        consumer,
        handle,
        log,
      }),
    };
  },
);
