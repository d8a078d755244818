/**
 * The CDK app's entry (`cdk.json`: `node src/app.ts`). Settings come from CDK context; see
 * README.md. Synthesis needs no AWS credentials. Run by the CDK CLI it writes where the CLI says
 * (`CDK_OUTDIR`); run as `node src/app.ts` it writes the templates to `cdk.out/`.
 */
import { buildChunklineApp } from './chunklineApp.ts';

buildChunklineApp({ app: { outdir: process.env['CDK_OUTDIR'] ?? 'cdk.out' } }).app.synth();
