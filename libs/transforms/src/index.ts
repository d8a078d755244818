export {
  ComparisonOp,
  DEFAULT_MASK_CHAR,
  DEFAULT_REDACTION,
  FieldOpName,
  KEY_ID_LENGTH,
  MAPPING_VERSION,
  TOKEN_BODY_LENGTH,
  TOKEN_PREFIX,
  TOKENIZE_KEY_ENV,
} from './constants.ts';
export { MappingError, MappingErrorCode, isMappingError } from './errors.ts';
export type { MappingIssue } from './errors.ts';
export type {
  AllCondition,
  AnyCondition,
  Comparison,
  CompiledMapping,
  CompileOptions,
  Condition,
  DropOp,
  EqualityComparison,
  ExistsComparison,
  FieldOp,
  FilterValue,
  HashOp,
  InComparison,
  Mapping,
  MaskOp,
  NotCondition,
  OrderComparison,
  RedactOp,
  TokenizeOp,
  PositionalMapping,
  PositionalOutput,
  PositionalRecord,
  UserTransform,
} from './types.ts';
export { mappingSchema } from './schema.ts';
export { parseMapping } from './parseMapping.ts';
export { tokenizedFields, usesTokenize } from './usesTokenize.ts';
export { compileMapping } from './compileMapping.ts';
export { outputColumns, typedOutputColumns } from './outputColumns.ts';
export { createTokenizer, keyId } from './tokenize.ts';
export { hashValue, maskValue, stringForm } from './valueOps.ts';
export { describeCondition, describeMapping } from './describeMapping.ts';
