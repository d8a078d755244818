import { parseMergerConfig } from '@chunkline/config';
import { awsPorts, loadUserTransform, runService, startQueueWorker } from '@chunkline/runtime';
import { mergeHandler } from './mergeHandler.ts';

await runService(
  'merger',
  () => parseMergerConfig(process.env),
  (config, log) => {
    const { sqs, store, queue } = awsPorts(config.aws);
    // The merger re-runs the rare CSV chunk whose inferred quote state proved wrong, so it
    // needs what a processor needs.
    const deps = {
      store,
      log,
      mergeQueue: queue(config.mergeQueueUrl),
      tokenizeKey: config.tokenizeKey,
      loadUserTransform,
    };
    const handle = mergeHandler(deps);
    const { concurrency, consumer } = config;
    return {
      worker: startQueueWorker({
        name: 'merge',
        queueUrl: config.mergeQueueUrl,
        sqs,
        concurrency,
        consumer,
        handle,
        log,
      }),
    };
  },
);
