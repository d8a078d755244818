import { parseProcessorConfig } from '@chunkline/config';
import { awsPorts, runService, startQueueWorker, userTransformLoader } from '@chunkline/runtime';
import { chunkHandler } from './chunkHandler.ts';

await runService(
  'processor',
  () => parseProcessorConfig(process.env),
  async (config, log, { metrics }) => {
    const ports = awsPorts(config.aws);
    const keys = await ports.tokenizeKeys(config);
    const deps = {
      store: ports.store,
      log,
      mergeQueue: ports.queue(config.mergeQueueUrl),
      tokenizeKey: keys.current,
      previousTokenizeKeys: keys.previous,
      loadUserTransform: userTransformLoader('processor', config.transformModuleDir),
    };
    const handle = chunkHandler(deps, config.maxReceives, metrics);
    const { concurrency, consumer } = config;
    return {
      worker: startQueueWorker({
        name: 'chunk',
        queueUrl: config.chunkQueueUrl,
        sqs: ports.sqs,
        concurrency,
        consumer,
        handle,
        log,
        metrics,
      }),
      readiness: ports.readiness(
        [config.chunkQueueUrl, config.mergeQueueUrl],
        config.staging.bucket,
      ),
    };
  },
);
