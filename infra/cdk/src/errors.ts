/** What went wrong while reading the deployment's settings. */
export type InfraErrorCode = 'InvalidSetting' | 'UnknownSetting' | 'InvalidServiceConfig';

/**
 * A deployment setting (CDK context value) that cannot be used: the message names the context key,
 * its value and what is allowed, so `cdk synth` stops before anything is deployed.
 */
export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
  readonly code: InfraErrorCode;
  /** The context key (or environment variable) at fault. */
  readonly setting: string;

  constructor(
    code: InfraErrorCode,
    setting: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Chunkline CDK app: ${message}`, options);
    this.code = code;
    this.setting = setting;
  }
}
