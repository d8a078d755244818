import { describe, expect, it } from 'vitest';
import {
  KNOWN_VARIABLES,
  VARIABLES,
  parseCliConfig,
  parseDispatcherConfig,
  parseMergerConfig,
  parseProcessorConfig,
} from '../src/index.ts';
import type { Env, ServiceName } from '../src/index.ts';
import {
  CLI_ENV,
  DISPATCHER_ENV,
  MERGER_ENV,
  PROCESSOR_ENV,
  configErrorsOf,
  noFile,
} from './helpers/envs.ts';

/** Each service's parser and the least environment it starts with. */
const services: Readonly<Record<ServiceName, { parse: (env: Env) => unknown; minimal: Env }>> = {
  dispatcher: { parse: (env) => parseDispatcherConfig(env, noFile), minimal: DISPATCHER_ENV },
  processor: { parse: parseProcessorConfig, minimal: PROCESSOR_ENV },
  merger: { parse: parseMergerConfig, minimal: MERGER_ENV },
  cli: { parse: parseCliConfig, minimal: CLI_ENV },
};

describe('Constant: VARIABLES', () => {
  it('names each variable once', () => {
    // Act
    const names = VARIABLES.map((v) => v.name);

    // Assess
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(KNOWN_VARIABLES.size).toBe(VARIABLES.length);
  });

  it.each(VARIABLES.map((v) => ({ ...v })))(
    '$name has a description, what is allowed, and the services that read it',
    (variable) => {
      // Assess
      expect(variable.description.trim().length).toBeGreaterThan(10);
      expect(variable.allowed.trim().length).toBeGreaterThan(2);
      expect(variable.services.length).toBeGreaterThan(0);
      expect(variable.name).toMatch(/^(CHUNKLINE_[A-Z_]+|AWS_REGION)$/);
    },
  );

  it('gives no default to a required variable', () => {
    // Act
    const both = VARIABLES.filter((v) => 'required' in v && 'defaultValue' in v).map((v) => v.name);

    // Assess
    expect(both).toEqual([]);
  });

  it.each(
    VARIABLES.flatMap((variable) =>
      'defaultValue' in variable
        ? variable.services.map((service) => ({
            name: variable.name,
            value: variable.defaultValue,
            service,
          }))
        : [],
    ),
  )('documents the real default of $name for the $service ($value)', ({ name, value, service }) => {
    // Prepare
    const { parse, minimal } = services[service];

    // Act
    const explicit = parse({ ...minimal, [name]: value });

    // Assess
    expect(explicit).toEqual(parse(minimal));
  });

  it.each(['dispatcher', 'processor', 'merger'] as const)(
    'marks as required exactly the variables the %s cannot start without',
    (service) => {
      // Prepare
      const documented = VARIABLES.filter(
        (v) => 'required' in v && v.required && (v.services as readonly string[]).includes(service),
      ).map((v) => v.name);

      // Act
      const error = configErrorsOf(() => services[service].parse({}));

      // Assess
      const missing = error.errors
        .filter((e) => e.message.includes(' is not set; '))
        .map((e) => e.variable);
      expect(missing.sort()).toEqual(documented.sort());
    },
  );
});
