export { ConfigError, ConfigErrors } from './errors.ts';
export { EnvReader } from './envReader.ts';
export type { Env } from './envReader.ts';
export { KNOWN_VARIABLES, VARIABLES } from './variables.ts';
export type { ServiceName, VariableSpec } from './variables.ts';
export {
  keyPrefixProblem,
  moduleWithin,
  parseCliConfig,
  parseDispatcherConfig,
  parseMergerConfig,
  parseProcessorConfig,
} from './serviceConfig.ts';
export type {
  AwsConfig,
  CliConfig,
  CommonConfig,
  ConsumerConfig,
  DispatcherConfig,
  MergerConfig,
  ProcessorConfig,
  ReadFile,
  TokenizeKeyConfig,
  TokenizeKeyReference,
} from './serviceConfig.ts';
export { configTable } from './configTable.ts';
