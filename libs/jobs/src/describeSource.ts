import { constants, gunzipSync } from 'node:zlib';
import type {
  ObjectRef,
  ObjectStore,
  RecordFormat,
  SourceFormat,
  TypedColumn,
  ZipEntryPlan,
} from '@chunkline/contracts';
import {
  DEFAULT_CSV_DELIMITER,
  FormatError,
  defaultDelimiterFor,
  detectFormat,
  inferColumns,
  jsonArrayStart,
  sampleJsonArray,
  parseCsvHeader,
  readParquetLayout,
  sampleJsonLines,
  withoutExtension,
} from '@chunkline/formats';
import type { SourceLayout } from '@chunkline/planning';
import { JobError, JobErrorCode } from './errors.ts';
import { describeZip } from './describeZip.ts';
import { rangeReader } from './rangeReader.ts';

/** First bytes read to recognise the format, find a CSV header or sample JSON columns. */
const SNIFF_BYTES = 64 * 1024;
/** Longest CSV header accepted before giving up. */
const MAX_HEADER_BYTES = 1024 * 1024;

/** One version of one object, as HEAD describes it. */
export interface SourceObject extends ObjectRef {
  readonly etag: string;
  readonly size: number;
}

/** What planning learns about a source object from its first bytes. */
export interface SourceDescription {
  readonly format: SourceFormat;
  readonly layout: SourceLayout;
  /** The record format inside any container. */
  readonly records: RecordFormat;
  /** Columns the object's records have (CSV header, sampled JSON fields). */
  readonly columns: TypedColumn[];
  readonly delimiter: string;
  /** ZIP: the entries the layout's items stand for, in the same order. */
  readonly items?: { readonly kind: 'entries'; readonly entries: ZipEntryPlan[] } | undefined;
}

/**
 * Recognise a source's format from its key and first bytes and describe how it is cut:
 * a CSV header, a JSON sample, the start of a gzip'd text. Only the first few KiB of
 * record data are ever read.
 *
 * @throws FormatError for content that contradicts its name or cannot be read;
 *   JobError `HeaderTooLong`.
 */
export async function describeSource(
  store: ObjectStore,
  object: SourceObject,
  delimiter: string | undefined,
): Promise<SourceDescription> {
  try {
    return await describe(store, object, delimiter);
  } catch (error) {
    // Name the object, so a prefix job's failure says which of its objects is at fault.
    if (error instanceof FormatError && !error.message.includes(object.key)) {
      throw new FormatError(error.code, `${where(object)}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

async function describe(
  store: ObjectStore,
  object: SourceObject,
  delimiter: string | undefined,
): Promise<SourceDescription> {
  const read = (end: number): Promise<Uint8Array> =>
    end === 0
      ? Promise.resolve(new Uint8Array(0))
      : store.getBytes(object, { range: { start: 0, end }, ifMatch: object.etag });
  const length = Math.min(object.size, SNIFF_BYTES);
  const prefix = await read(length);
  const detected = detectFormat(object.key, prefix);
  const chosen = delimiter ?? defaultDelimiterFor(object.key);
  switch (detected) {
    case 'csv': {
      const header = await readCsvHeader(object, prefix, chosen, read);
      return {
        format: {
          kind: 'csv',
          delimiter: header.delimiter,
          columns: header.columns,
          headerBytes: header.dataStart,
        },
        layout: { kind: 'ranges', dataStart: header.dataStart, dataEnd: object.size },
        records: 'csv',
        columns: stringColumns(header.columns),
        delimiter: header.delimiter,
      };
    }
    case 'jsonl':
      return {
        format: { kind: 'jsonl' },
        layout: { kind: 'ranges', dataStart: 0, dataEnd: object.size },
        records: 'jsonl',
        columns: inferColumns(sampleJsonLines(prefix, length >= object.size)),
        delimiter: chosen ?? DEFAULT_CSV_DELIMITER,
      };
    case 'json': {
      const dataStart = jsonArrayStart(prefix);
      return {
        format: { kind: 'json' },
        layout: { kind: 'ranges', dataStart, dataEnd: object.size },
        records: 'json',
        columns: inferColumns(sampleJsonArray(prefix, dataStart)),
        delimiter: chosen ?? DEFAULT_CSV_DELIMITER,
      };
    }
    case 'gzip':
      return describeGzip(object, prefix, length >= object.size, chosen);
    case 'zip':
      return describeZip(store, object, chosen);
    case 'parquet': {
      // The footer says everything planning needs; no row group is read.
      const layout = await readParquetLayout(rangeReader(store, object), object.size);
      return {
        format: { kind: 'parquet', columns: [...layout.columns] },
        layout: { kind: 'items', items: layout.rowGroups },
        records: 'parquet',
        columns: [...layout.columns],
        delimiter: chosen ?? DEFAULT_CSV_DELIMITER,
      };
    }
    default:
      throw new FormatError(
        'UnsupportedFormat',
        `formats: ${where(object)} is ${detected}, which this dispatcher cannot plan yet`,
      );
  }
}

/** gzip is not splittable: one chunk, whose inner format comes from the name and the start. */
function describeGzip(
  object: SourceObject,
  prefix: Uint8Array,
  isWhole: boolean,
  delimiter: string | undefined,
): SourceDescription {
  const inflated = gunzipSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH });
  const innerKey = withoutExtension(object.key);
  const inner = detectFormat(innerKey, inflated);
  if (inner !== 'csv' && inner !== 'jsonl' && inner !== 'json') {
    throw new FormatError(
      'UnsupportedFormat',
      `formats: ${where(object)} is gzip holding ${inner}; gzip may hold CSV, JSON Lines or a JSON array`,
    );
  }
  const layout: SourceLayout = { kind: 'whole' };
  if (inner === 'csv') {
    const chosen = delimiter ?? defaultDelimiterFor(innerKey);
    const header = parseCsvHeader(inflated, {
      ...(chosen !== undefined ? { delimiter: chosen } : {}),
      isWholeObject: isWhole,
    });
    if (!header) {
      throw new JobError(
        JobErrorCode.headerTooLong,
        `${where(object)}: no complete CSV header in its first ${inflated.length} decompressed bytes; is the delimiter or quoting wrong?`,
        { permanent: true },
      );
    }
    return {
      format: { kind: 'gzip', inner },
      layout,
      records: 'csv',
      columns: stringColumns(header.columns),
      delimiter: header.delimiter,
    };
  }
  return {
    format: { kind: 'gzip', inner },
    layout,
    records: inner,
    columns: inferColumns(
      inner === 'jsonl'
        ? sampleJsonLines(inflated, false)
        : sampleJsonArray(inflated, jsonArrayStart(inflated)),
    ),
    delimiter: delimiter ?? DEFAULT_CSV_DELIMITER,
  };
}

async function readCsvHeader(
  object: SourceObject,
  first: Uint8Array,
  delimiter: string | undefined,
  read: (end: number) => Promise<Uint8Array>,
) {
  let prefix = first;
  for (;;) {
    const isWholeObject = prefix.length >= object.size;
    const header = parseCsvHeader(
      prefix,
      delimiter === undefined ? { isWholeObject } : { delimiter, isWholeObject },
    );
    if (header) return header;
    if (prefix.length >= MAX_HEADER_BYTES) {
      throw new JobError(
        JobErrorCode.headerTooLong,
        `${where(object)}: no complete CSV header in the first ${MAX_HEADER_BYTES} bytes; is the delimiter or quoting wrong?`,
        { permanent: true },
      );
    }
    prefix = await read(Math.min(object.size, prefix.length * 4, MAX_HEADER_BYTES));
  }
}

function stringColumns(names: readonly string[]): TypedColumn[] {
  return names.map((name) => ({ name, type: 'string' }));
}

function where(object: ObjectRef): string {
  return `s3://${object.bucket}/${object.key}`;
}
