export { seededRandom } from './random.ts';
export { SAMPLE_COLUMNS, sampleRecords } from './sampleRecords.ts';
export type { SampleRecord } from './sampleRecords.ts';
export { generateCsv, generateJsonl } from './generate.ts';
export type { GenerateOptions } from './generate.ts';
