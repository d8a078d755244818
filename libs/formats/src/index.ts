export {
  defaultDelimiterFor,
  detectFormat,
  extensionOf,
  withoutExtension,
} from './detectFormat.ts';
export type { DetectedFormat } from './detectFormat.ts';
export {
  JSON_ARRAY_CLOSE,
  JSON_ARRAY_OPEN,
  JSON_ELEMENT_SEPARATOR,
  createTextEncoder,
} from './outputEncoder.ts';
export type { TextEncoder, TextEncoderOptions } from './outputEncoder.ts';
export { compressBlock } from './compressBlock.ts';
export { inferColumns, sampleJsonArray, sampleJsonLines } from './inferColumns.ts';
export { MAX_STREAM_HEADER_BYTES, splitCsvHeader } from './splitCsvHeader.ts';
export type { SplitStream } from './splitCsvHeader.ts';
export { parseCsvHeader } from './parseCsvHeader.ts';
export type { ParseCsvHeaderOptions } from './parseCsvHeader.ts';
export { startQuoteScan, inferQuoteState, endQuoteScan } from './inferQuoteState.ts';
export type { QuoteScan, StartQuoteScanOptions } from './inferQuoteState.ts';
export { RecordCutter, readOffset } from './recordCutter.ts';
export type { RecordCutterOptions } from './recordCutter.ts';
export { reconcileQuoteStates } from './reconcileQuoteStates.ts';
export type { QuoteStateCorrection, QuoteStateRecord } from './reconcileQuoteStates.ts';
export { jsonArrayStart } from './jsonArray/jsonArrayStart.ts';
export { JsonArrayCutter, jsonReadOffset } from './jsonArray/jsonArrayCutter.ts';
export type { JsonArrayCutterOptions, JsonCutResult } from './jsonArray/jsonArrayCutter.ts';
export { inferJsonState } from './jsonArray/inferJsonState.ts';
export type { JsonStateGuess } from './jsonArray/inferJsonState.ts';
export { resolveJsonChain } from './jsonArray/resolveJsonChain.ts';
export type { JsonChainCorrection, JsonStateRecord } from './jsonArray/resolveJsonChain.ts';
export { JSON_ARRAY_START_STATE, sameJsonState } from './jsonArray/jsonState.ts';
export type { JsonState } from './jsonArray/jsonState.ts';
export { decodeCsvRecords, decodeRecords } from './decodeRecords.ts';
export type { DecodeCsvRecordsOptions, DecodeRecordsOptions } from './decodeRecords.ts';
export type { CsvRecord } from './csvRecord.ts';
export { byteTextOf, byteTextOfText, textOfByteText } from './byteText.ts';
export { createCsvRecordWriter } from './csvRecordWriter.ts';
export type { CsvOutputColumn } from './csvRecordWriter.ts';
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
export type { ReadZipDirectoryOptions, ZipEntry } from './zip/types.ts';
export { FormatError, FormatErrorCode, isFormatError } from './errors.ts';
export type { FormatErrorDetails } from './errors.ts';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CSV_DELIMITER,
  DEFAULT_INFERENCE_WINDOW,
  REJECT_RAW_LIMIT,
} from './constants.ts';
export type { RangeReader } from './rangeReader.ts';
export { readParquetLayout } from './parquet/readParquetLayout.ts';
export { readParquetRows } from './parquet/readParquetRows.ts';
export { ParquetPartEncoder } from './parquet/ParquetPartEncoder.ts';
export { parquetFooter } from './parquet/parquetFooter.ts';
export type { ParquetFooterPart } from './parquet/parquetFooter.ts';
export {
  DEFAULT_PARQUET_ROW_GROUP_ROWS,
  PARQUET_FOOTER_TAIL_READ,
  PARQUET_MAGIC,
} from './parquet/constants.ts';
export type {
  ParquetColumn,
  ParquetColumnType,
  ParquetLayout,
  ParquetPartColumnChunk,
  ParquetPartDescription,
  ParquetPartEncoderOptions,
  ParquetPartRowGroup,
  ParquetRowGroupRange,
  ParquetRowGroupSelection,
} from './parquet/types.ts';
export type {
  BadRecordPolicy,
  CsvHeader,
  CutResult,
  RecordBatch,
  RecordLocation,
  RejectedRecord,
  StartStateSource,
} from './types.ts';
