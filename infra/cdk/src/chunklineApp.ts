import { App } from 'aws-cdk-lib';
import type { AppProps, StackSynthesizer } from 'aws-cdk-lib';
import { ChunklineComputeStack } from './computeStack.ts';
import { readSettings } from './settings.ts';
import type { ChunklineSettings } from './settings.ts';
import { ChunklineStorageStack } from './storageStack.ts';

/** Options of {@link buildChunklineApp}. */
export interface ChunklineAppOptions {
  /** CDK app props (`context`, `outdir`); context is read by `readSettings`. Default `{}`. */
  readonly app?: AppProps;
  /** Leave out the compute stack, e.g. to deploy storage into LocalStack. Default false. */
  readonly storageOnly?: boolean;
  /** Synthesizer for every stack; default CDK's (a bootstrapped account). */
  readonly synthesizer?: StackSynthesizer;
}

/** The app and its stacks, for `app.ts` and the tests. */
export interface ChunklineApp {
  readonly app: App;
  readonly settings: ChunklineSettings;
  readonly storage: ChunklineStorageStack;
  readonly compute: ChunklineComputeStack | undefined;
}

/**
 * The Chunkline CDK app: a storage stack `<Name>Storage` (buckets, queues, notification) and a
 * compute stack `<Name>Compute` (ECS Fargate services, roles, scaling, alarms) that takes it as
 * input. Environment-agnostic: it synthesizes offline, without AWS credentials; the account and
 * region come from the credentials `cdk deploy` runs with.
 */
export function buildChunklineApp(options: ChunklineAppOptions = {}): ChunklineApp {
  const app = new App(options.app);
  const settings = readSettings(app.node.getAllContext() as Record<string, unknown>);
  const common = {
    settings,
    ...(options.synthesizer === undefined ? {} : { synthesizer: options.synthesizer }),
    description: 'Chunkline: record-aligned, exactly-once parallel processing of large S3 objects',
  };
  const stackName = (part: string): string =>
    `${settings.namePrefix.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}${part}`;
  const storage = new ChunklineStorageStack(app, stackName('Storage'), common);
  const compute = options.storageOnly
    ? undefined
    : new ChunklineComputeStack(app, stackName('Compute'), { ...common, storage });
  return { app, settings, storage, compute };
}
