import type { OutputCompression, OutputFormat } from '@chunkline/contracts';
import type { Mapping } from '@chunkline/transforms';

/**
 * The configuration a dispatcher applies to new jobs. The part that changes a job's
 * output goes into the job id (`outputAffecting`); chunk sizing does not, so a restart
 * with another chunk size continues existing jobs with their stored plan.
 */
export interface JobConfig {
  readonly output: { readonly bucket: string; readonly prefix: string };
  readonly staging: { readonly bucket: string; readonly prefix: string };
  readonly chunkSize: number;
  readonly singleChunkThreshold: number;
  readonly mapping: Mapping;
  /** Fingerprint of the tokenization key, never the key. */
  readonly tokenizeKeyId?: string | undefined;
  readonly csvDelimiter?: string | undefined;
  readonly onBadRecord: 'fail' | 'skip';
  /** Default `preserve`: the input's record format. */
  readonly outputFormat: OutputFormat;
  /** Default `none`. */
  readonly outputCompression: OutputCompression;
}

/** The fields that decide what a job writes, for the config digest. */
export function outputAffecting(config: JobConfig): unknown {
  return {
    output: config.output,
    mapping: config.mapping,
    tokenizeKeyId: config.tokenizeKeyId ?? null,
    csvDelimiter: config.csvDelimiter ?? null,
    onBadRecord: config.onBadRecord,
    outputFormat: config.outputFormat,
    outputCompression: config.outputCompression,
  };
}
