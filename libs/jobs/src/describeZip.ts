import { constants, inflateRawSync } from 'node:zlib';
import type { ObjectStore, ZipEntryPlan } from '@chunkline/contracts';
import {
  DEFAULT_CSV_DELIMITER,
  FormatError,
  ZIP_LOCAL_HEADER_SIZE,
  assertReadableZipEntry,
  defaultDelimiterFor,
  extensionOf,
  inferColumns,
  jsonArrayStart,
  localHeaderLength,
  parseCsvHeader,
  readZipDirectory,
  sampleJsonArray,
  sampleJsonLines,
  zipEntryDataRange,
} from '@chunkline/formats';
import type { ZipEntry } from '@chunkline/formats';
import type { SourceDescription, SourceObject } from './describeSource.ts';
import { JobError, JobErrorCode } from './errors.ts';
import { rangeReader } from './rangeReader.ts';

/** Entry extensions processed as records; other entries (images, READMEs) are left out. */
const ENTRY_FORMATS: Readonly<Record<string, ZipEntryPlan['format']>> = {
  csv: 'csv',
  tsv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
};
/** Room for an entry's local extra field, which may differ from the directory's. */
const LOCAL_HEADER_SLACK = 64 * 1024 + 1024;
/** Bytes of the first data entry read to find its CSV header or sample its JSON fields. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Describe a ZIP archive from its central directory, read by range: every entry in a data
 * format becomes an item to plan (one chunk per entry, or per group of small ones); the
 * first one's start gives the job's columns. The archive is never downloaded.
 *
 * @throws FormatError for a damaged directory, or an encrypted or unsupported data entry;
 *   JobError `PlanningFailed` for an archive without data entries or with mixed formats.
 */
export async function describeZip(
  store: ObjectStore,
  object: SourceObject,
  delimiter: string | undefined,
): Promise<SourceDescription> {
  const read = rangeReader(store, object);
  const all = [...(await readZipDirectory(read, object.size))].sort(
    (a, b) => a.localHeaderOffset - b.localHeaderOffset,
  );
  const where = `s3://${object.bucket}/${object.key}`;
  const entries: ZipEntryPlan[] = [];
  all.forEach((entry, i) => {
    const format = ENTRY_FORMATS[extensionOf(entry.name)];
    if (entry.isDirectory || format === undefined) return;
    assertReadableZipEntry(entry);
    const next = all[i + 1]?.localHeaderOffset ?? object.size;
    const bound =
      entry.localHeaderOffset + ZIP_LOCAL_HEADER_SIZE + entry.compressedSize + LOCAL_HEADER_SLACK;
    entries.push({
      name: entry.name,
      format,
      method: entry.method,
      crc32: entry.crc32,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      localHeaderOffset: entry.localHeaderOffset,
      flags: entry.flags,
      end: Math.min(next, bound, object.size),
    });
  });
  const first = entries[0];
  if (!first) {
    throw new JobError(
      JobErrorCode.planningFailed,
      `${where} holds no entry in a data format (${Object.keys(ENTRY_FORMATS)
        .map((e) => `.${e}`)
        .join(', ')})`,
      { permanent: true },
    );
  }
  const family = (f: ZipEntryPlan['format']): string => (f === 'csv' ? 'csv' : 'json');
  const mixed = entries.find((e) => family(e.format) !== family(first.format));
  if (mixed) {
    throw new JobError(
      JobErrorCode.planningFailed,
      `${where} mixes formats: entry ${first.name} is ${first.format} but entry ${mixed.name} is ${mixed.format}; put one format per archive`,
      { permanent: true },
    );
  }
  const sample = await sampleEntry(read, first, toZipEntry(first));
  const chosen = delimiter ?? defaultDelimiterFor(first.name);
  const base = {
    format: { kind: 'zip' as const },
    layout: {
      kind: 'items' as const,
      items: entries.map((e) => ({ start: e.localHeaderOffset, end: e.end })),
    },
    items: { kind: 'entries' as const, entries },
  };
  if (first.format === 'csv') {
    const header = parseCsvHeader(sample, {
      ...(chosen !== undefined ? { delimiter: chosen } : {}),
      isWholeObject: sample.length >= first.uncompressedSize,
    });
    if (!header) {
      throw new JobError(
        JobErrorCode.headerTooLong,
        `${where} (entry ${first.name}): no complete CSV header in its first ${sample.length} bytes; is the delimiter or quoting wrong?`,
        { permanent: true },
      );
    }
    return {
      ...base,
      records: 'csv',
      columns: header.columns.map((name) => ({ name, type: 'string' })),
      delimiter: header.delimiter,
    };
  }
  const rows =
    first.format === 'jsonl'
      ? sampleJsonLines(sample, false)
      : sampleJsonArray(sample, jsonArrayStart(sample));
  return {
    ...base,
    records: first.format,
    columns: inferColumns(rows),
    delimiter: chosen ?? DEFAULT_CSV_DELIMITER,
  };
}

/** The first decompressed bytes of an entry. */
async function sampleEntry(
  read: ReturnType<typeof rangeReader>,
  plan: ZipEntryPlan,
  entry: ZipEntry,
): Promise<Uint8Array> {
  if (entry.compressedSize === 0) return new Uint8Array(0);
  const header = await read({
    start: plan.localHeaderOffset,
    end: plan.localHeaderOffset + ZIP_LOCAL_HEADER_SIZE,
  });
  const data = zipEntryDataRange(entry, localHeaderLength(header, entry));
  const prefix = await read({
    start: data.start,
    end: Math.min(data.end, data.start + SAMPLE_BYTES),
  });
  if (entry.method === 0) return prefix;
  try {
    return inflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch (error) {
    throw new FormatError(
      'CorruptZip',
      `formats: entry ${entry.name} does not inflate: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** The directory's view of a planned entry, as the formats lib reads it. */
export function toZipEntry(plan: ZipEntryPlan): ZipEntry {
  return {
    name: plan.name,
    method: plan.method,
    flags: plan.flags,
    encrypted: (plan.flags & 1) === 1,
    hasDataDescriptor: (plan.flags & 8) === 8,
    crc32: plan.crc32,
    compressedSize: plan.compressedSize,
    uncompressedSize: plan.uncompressedSize,
    localHeaderOffset: plan.localHeaderOffset,
    isDirectory: false,
  };
}
