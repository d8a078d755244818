import { parseProcessorConfig } from '@chunkline/config';
import { awsPorts, loadUserTransform, runService, startQueueWorker } from '@chunkline/runtime';
import { chunkHandler } from './chunkHandler.ts';

await runService(
  'processor',
  () => parseProcessorConfig(process.env),
  (config, log) => {
    const { sqs, store, queue } = awsPorts(config.aws);
    const deps = {
      store,
      log,
      mergeQueue: queue(config.mergeQueueUrl),
      tokenizeKey: config.tokenizeKey,
      loadUserTransform,
    };
    const handle = chunkHandler(deps, config.maxReceives);
    const { concurrency, consumer } = config;
    return {
      worker: startQueueWorker({
        name: 'chunk',
        queueUrl: config.chunkQueueUrl,
        sqs,
        concurrency,
        consumer,
        handle,
        log,
      }),
    };
  },
);
