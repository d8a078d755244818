/**
 * The CDK app's entry (`cdk.json`: `node src/app.ts`). Settings come from CDK context; see
 * README.md. `cdk synth` needs no AWS credentials.
 */
import { buildChunklineApp } from './chunklineApp.ts';

buildChunklineApp().app.synth();
