import type { AwsConfig, TokenizeKeyReference } from '@chunkline/config';
import { localCredentials } from './clients.ts';

/** Keys shorter than this are refused, as for `CHUNKLINE_TOKENIZE_KEY`. */
const MIN_KEY_LENGTH = 16;

/** The tokenization keys a process holds: the current one and those of earlier rotations. */
export interface TokenizeKeys {
  /** Jobs are planned with this key; `undefined` when none is configured. */
  readonly current?: string | undefined;
  /** Keys of jobs planned before a rotation, still accepted for them. */
  readonly previous: readonly string[];
}

/** Why a referenced key could not be read; the message names the reference, never a value. */
export class SecretSourceError extends Error {
  override readonly name = 'SecretSourceError';
  readonly code = 'KeySourceUnavailable';
  /** The variable that holds the reference. */
  readonly variable: string;

  constructor(variable: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.variable = variable;
  }
}

/** Reads one secret string by reference; injected in tests. */
export type SecretReader = (reference: TokenizeKeyReference) => Promise<string | undefined>;

const variableOf = (reference: TokenizeKeyReference): string =>
  reference.kind === 'secretsManager'
    ? 'CHUNKLINE_TOKENIZE_KEY_SECRET_ID'
    : 'CHUNKLINE_TOKENIZE_KEY_PARAMETER';

const describe = (reference: TokenizeKeyReference): string =>
  reference.kind === 'secretsManager'
    ? `Secrets Manager secret ${reference.secretId}`
    : `SSM parameter ${reference.name}`;

/**
 * A `SecretReader` over AWS (or LocalStack, with `aws.endpoint`): Secrets Manager's
 * `GetSecretValue` (the `SecretString`), or SSM's `GetParameter` with decryption. Each
 * client is loaded only when a key is referenced through it: the SSM client alone adds
 * about 6 MiB to every service's memory.
 */
export function awsSecretReader(aws: AwsConfig): SecretReader {
  const base = {
    region: aws.region,
    maxAttempts: 5,
    ...(aws.endpoint ? { endpoint: aws.endpoint, credentials: localCredentials() } : {}),
  };
  return async (reference) => {
    if (reference.kind === 'secretsManager') {
      const { GetSecretValueCommand, SecretsManagerClient } =
        await import('@aws-sdk/client-secrets-manager');
      const client = new SecretsManagerClient(base);
      try {
        const out = await client.send(new GetSecretValueCommand({ SecretId: reference.secretId }));
        return out.SecretString;
      } finally {
        client.destroy();
      }
    }
    const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
    const client = new SSMClient(base);
    try {
      const out = await client.send(
        new GetParameterCommand({ Name: reference.name, WithDecryption: true }),
      );
      return out.Parameter?.Value;
    } finally {
      client.destroy();
    }
  };
}

/**
 * The keys a secret holds: the key itself, or JSON `{"current": key, "previous": [keys]}`
 * for a rotation. Throws `SecretSourceError` (naming the reference, not the value) when it
 * holds neither.
 */
export function parseSecretKeys(text: string, reference: TokenizeKeyReference): TokenizeKeys {
  const where = describe(reference);
  const refuse = (what: string): SecretSourceError =>
    new SecretSourceError(
      variableOf(reference),
      `tokenization key source: the ${where} ${what}; store the key (at least ${MIN_KEY_LENGTH} characters) or {"current": key, "previous": [keys]}`,
    );
  if (!text.trimStart().startsWith('{')) {
    if (text.length < MIN_KEY_LENGTH) throw refuse(`holds a key shorter than ${MIN_KEY_LENGTH}`);
    return { current: text, previous: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw refuse('holds text that starts with { but is not JSON');
  }
  const { current, previous = [] } = (parsed ?? {}) as { current?: unknown; previous?: unknown };
  const isKey = (key: unknown): key is string =>
    typeof key === 'string' && key.length >= MIN_KEY_LENGTH;
  if (!isKey(current)) throw refuse('has no "current" key of enough characters');
  if (!Array.isArray(previous) || !previous.every(isKey))
    throw refuse('has a "previous" that is not an array of keys');
  return { current, previous };
}

/**
 * Resolve the tokenization keys once, at start: `CHUNKLINE_TOKENIZE_KEY`, or the secret
 * or SSM parameter it references, plus `previous` keys from the configuration. Throws
 * `SecretSourceError` naming the variable and the reference when the value cannot be read.
 */
export async function resolveTokenizeKeys(
  config: {
    readonly tokenizeKey?: string | undefined;
    readonly tokenizeKeyReference?: TokenizeKeyReference | undefined;
    readonly previousTokenizeKeys?: readonly string[] | undefined;
  },
  read: SecretReader,
): Promise<TokenizeKeys> {
  const configured = config.previousTokenizeKeys ?? [];
  const reference = config.tokenizeKeyReference;
  if (reference === undefined) return { current: config.tokenizeKey, previous: configured };
  let text: string | undefined;
  try {
    text = await read(reference);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    throw new SecretSourceError(
      variableOf(reference),
      `tokenization key source: cannot read the ${describe(reference)} (${name}); check ${variableOf(reference)} and that this service may read it`,
      { cause: error },
    );
  }
  if (text === undefined || text === '')
    throw new SecretSourceError(
      variableOf(reference),
      `tokenization key source: the ${describe(reference)} has no string value; check ${variableOf(reference)}`,
    );
  const keys = parseSecretKeys(text, reference);
  return { current: keys.current, previous: [...keys.previous, ...configured] };
}
