/** A configuration problem: which variable, what it held, and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'InvalidConfig';
  readonly variable: string;

  constructor(
    variable: string,
    value: string | undefined,
    allowed: string,
    options?: { cause?: unknown },
  ) {
    const shown = value === undefined ? 'is not set' : `is ${JSON.stringify(value)}`;
    super(`${variable} ${shown}; allowed: ${allowed}`, options);
    this.variable = variable;
  }
}

/** Several configuration problems at once, so a user fixes them in one go. */
export class ConfigErrors extends Error {
  override readonly name = 'ConfigErrors';
  readonly code = 'InvalidConfig';
  readonly errors: readonly ConfigError[];

  constructor(service: string, errors: readonly ConfigError[]) {
    super(
      `${service} cannot start; fix its environment:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
    this.errors = errors;
  }
}
