export { detectFormat, defaultDelimiterFor } from './detectFormat.ts';
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
export { decodeRecords } from './decodeRecords.ts';
export type { DecodeRecordsOptions } from './decodeRecords.ts';
export { csvHeaderLine, createCsvRowWriter, jsonlLine } from './csvWriter.ts';
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
