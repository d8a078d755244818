import { parseMergerConfig } from '@chunkline/config';
import { awsPorts, runService, startQueueWorker, userTransformLoader } from '@chunkline/runtime';
import { mergeHandler } from './mergeHandler.ts';

await runService(
  'merger',
  () => parseMergerConfig(process.env),
  async (config, log, { metrics }) => {
    const ports = awsPorts(config.aws);
    const keys = await ports.tokenizeKeys(config);
    // The merger re-runs the rare CSV chunk whose inferred quote state proved wrong, so it
    // needs what a processor needs.
    const deps = {
      store: ports.store,
      log,
      mergeQueue: ports.queue(config.mergeQueueUrl),
      tokenizeKey: keys.current,
      previousTokenizeKeys: keys.previous,
      loadUserTransform: userTransformLoader('merger', config.transformModuleDir),
      mergeRecordWaitMs: config.consumer.visibilityTimeoutSeconds * 1000,
      mergePartConcurrency: config.mergePartConcurrency,
    };
    const handle = mergeHandler(deps, metrics);
    const { concurrency, consumer } = config;
    return {
      worker: startQueueWorker({
        name: 'merge',
        queueUrl: config.mergeQueueUrl,
        sqs: ports.sqs,
        concurrency,
        consumer,
        handle,
        log,
        metrics,
      }),
      readiness: ports.readiness([config.mergeQueueUrl], config.staging.bucket),
    };
  },
);
