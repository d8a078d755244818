export { detectFormat, defaultDelimiterFor } from './detectFormat.ts';
export { parseCsvHeader } from './parseCsvHeader.ts';
export type { ParseCsvHeaderOptions } from './parseCsvHeader.ts';
export { startQuoteScan, inferQuoteState, endQuoteScan } from './inferQuoteState.ts';
export type { QuoteScan, StartQuoteScanOptions } from './inferQuoteState.ts';
export { RecordCutter, readOffset } from './recordCutter.ts';
export type { RecordCutterOptions } from './recordCutter.ts';
export { reconcileQuoteStates } from './reconcileQuoteStates.ts';
export type { QuoteStateCorrection, QuoteStateRecord } from './reconcileQuoteStates.ts';
export { decodeRecords } from './decodeRecords.ts';
export type { DecodeRecordsOptions } from './decodeRecords.ts';
export { csvHeaderLine, createCsvRowWriter, jsonlLine } from './csvWriter.ts';
export { readZipDirectory } from './zip/readZipDirectory.ts';
export { readZipEntry } from './zip/readZipEntry.ts';
export { localHeaderLength, zipEntryDataRange } from './zip/localHeader.ts';
export { assertReadableZipEntry } from './zip/assertReadableZipEntry.ts';
export {
  COMPRESSION_METHOD_NAMES,
  DEFAULT_ZIP_DIRECTORY_READ_SIZE,
  ZIP_LOCAL_HEADER_SIZE,
  ZIP_TAIL_SIZE,
} from './zip/constants.ts';
export type { RangeReader, ReadZipDirectoryOptions, ZipEntry } from './zip/types.ts';
export { FormatError, FormatErrorCode, isFormatError } from './errors.ts';
export type { FormatErrorDetails } from './errors.ts';
export { DEFAULT_BATCH_SIZE, DEFAULT_INFERENCE_WINDOW, REJECT_RAW_LIMIT } from './constants.ts';
export type {
  BadRecordPolicy,
  CsvHeader,
  CutResult,
  RecordBatch,
  RecordLocation,
  RejectedRecord,
  StartStateSource,
} from './types.ts';
