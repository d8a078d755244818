import { PassThrough, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Row } from '@chunkline/contracts';
import { compileMapping, parseMapping } from '@chunkline/transforms';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { WORK_MAPPING, WORK_TOKENIZE_KEY } from '../workMapping.ts';
import { benchS3, getStream, uploadStream } from './s3.ts';
import type { ContenderJob, ContenderOutcome } from './types.ts';

/**
 * The naive stream: one process, GetObject stream → csv-parse → the same compiled mapping
 * → csv-stringify → lib-storage `Upload`.
 */
export async function naiveStream(job: ContenderJob): Promise<ContenderOutcome> {
  const s3 = benchS3(job.endpoint);
  const mapping = compileMapping(parseMapping(WORK_MAPPING), { tokenizeKey: WORK_TOKENIZE_KEY });
  const started = performance.now();
  const source = await getStream(s3, job.input);
  const transform = new Transform({
    objectMode: true,
    transform(row: Row, _encoding, done: TransformCallback) {
      done(null, mapping.apply(row));
    },
  });
  const out = new PassThrough();
  const upload = uploadStream(s3, job.output, out, 'text/csv');
  const stringifier = stringify({ header: true });
  await pipeline(source, parse({ columns: true, bom: true }), transform, stringifier, out);
  const outputBytes = await upload;
  return { seconds: (performance.now() - started) / 1000, outputBytes };
}
