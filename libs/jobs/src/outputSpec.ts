import type { JobManifest, RecordFormat } from '@chunkline/contracts';

/** CSV output keeps a CSV input's delimiter; conversions to CSV use a comma. */
export function outputDelimiter(manifest: Pick<JobManifest, 'records'>): string {
  return manifest.records.format === 'csv' ? manifest.records.delimiter : ',';
}

/** File extension and content type of each output format. */
export const OUTPUT_TYPES: Readonly<
  Record<RecordFormat, { readonly extension: string; readonly contentType: string }>
> = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  jsonl: { extension: 'jsonl', contentType: 'application/x-ndjson' },
  json: { extension: 'json', contentType: 'application/json' },
  parquet: { extension: 'parquet', contentType: 'application/vnd.apache.parquet' },
};
