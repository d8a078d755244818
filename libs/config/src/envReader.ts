import { ConfigError, ConfigErrors } from './errors.ts';
import { KNOWN_VARIABLES } from './variables.ts';

/** The environment, as `process.env` gives it. */
export type Env = Readonly<Record<string, string | undefined>>;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

/** Names of variables whose values may be secret and are never shown in messages. */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD/i;

/**
 * Reads typed values from the environment, collecting every problem instead of stopping
 * at the first, so `finish` can report them all with their variable names.
 */
export class EnvReader {
  private readonly env: Env;
  private readonly errors: ConfigError[] = [];

  constructor(env: Env) {
    this.env = env;
  }

  /** A string; `undefined` when unset and not required. */
  string(
    name: string,
    options: { required?: boolean; fallback?: string; allowed?: string } = {},
  ): string | undefined {
    const raw = this.raw(name);
    if (raw !== undefined) return raw;
    if (options.required) this.fail(name, undefined, options.allowed ?? 'a non-empty value');
    return options.fallback;
  }

  /** A required string; a placeholder is returned after recording the error. */
  required(name: string, allowed: string): string {
    return this.string(name, { required: true, allowed }) ?? '';
  }

  /** An integer within bounds. */
  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.fail(name, raw, `an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  /** A byte size such as `1048576`, `64MiB` or `1.5GiB`, within bounds. */
  bytes(name: string, fallback: number, min: number, max: number, allowed: string): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(raw);
    const unit = UNITS[(match?.[2] ?? '').toUpperCase()];
    const value = match && unit !== undefined ? Math.round(Number(match[1]) * unit) : Number.NaN;
    if (!Number.isFinite(value) || value < min || value > max) {
      this.fail(name, raw, allowed);
      return fallback;
    }
    return value;
  }

  /** One of a fixed set of values. */
  oneOf<const T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      this.fail(name, raw, values.join(' | '));
      return fallback;
    }
    return raw as T;
  }

  /** An http(s) URL. */
  url(name: string, options: { required?: boolean; allowed?: string } = {}): string | undefined {
    const allowed = options.allowed ?? 'an http(s) URL';
    const raw = this.string(name, { required: options.required ?? false, allowed });
    if (raw === undefined) return undefined;
    if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
      this.fail(name, raw, allowed);
      return undefined;
    }
    return raw;
  }

  /** Record a problem found by the caller. */
  fail(name: string, value: string | undefined, allowed: string, cause?: unknown): void {
    this.errors.push(new ConfigError(name, value, allowed, { cause }));
  }

  /** Throw every problem at once, including `CHUNKLINE_*` variables nobody reads (typos). */
  finish(service: string): void {
    for (const name of Object.keys(this.env).sort()) {
      if (name.startsWith('CHUNKLINE_') && !KNOWN_VARIABLES.has(name)) {
        // A misspelt secret (CHUNKLINE_TOKENIZE_KY) must not be printed either.
        const shown = SECRET_NAME.test(name) ? '(hidden)' : this.env[name];
        this.fail(name, shown, 'a known variable (see the README); is it misspelt?');
      }
    }
    if (this.errors.length > 0) throw new ConfigErrors(service, this.errors);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }
}
