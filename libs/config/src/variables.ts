/** The services that read configuration from the environment. */
export type ServiceName = 'dispatcher' | 'processor' | 'merger' | 'cli';

/** One environment variable: the single source for validation and the README table. */
export interface VariableSpec {
  readonly name: string;
  readonly services: readonly ServiceName[];
  /** Shown in the README; `undefined` means required (or optional with no default). */
  readonly defaultValue?: string;
  readonly required?: boolean;
  readonly allowed: string;
  readonly description: string;
}

const all: readonly ServiceName[] = ['dispatcher', 'processor', 'merger', 'cli'];

/** Every variable Chunkline reads. Unknown `CHUNKLINE_*` variables are refused as typos. */
export const VARIABLES = [
  {
    name: 'CHUNKLINE_AWS_ENDPOINT',
    services: all,
    allowed: 'an http(s) URL',
    description: 'S3 and SQS endpoint, for LocalStack; unset means AWS',
  },
  {
    name: 'AWS_REGION',
    services: all,
    defaultValue: 'us-east-1',
    allowed: 'an AWS region name',
    description: 'Region of the buckets and queues',
  },
  {
    name: 'CHUNKLINE_STAGING_BUCKET',
    services: all,
    required: true,
    allowed: 'a bucket name',
    description: 'Bucket for manifests, parts, markers and status',
  },
  {
    name: 'CHUNKLINE_STAGING_PREFIX',
    services: all,
    defaultValue: 'chunkline/',
    allowed: 'a key prefix ending in /',
    description: 'Prefix of all staging state',
  },
  {
    name: 'CHUNKLINE_INGEST_QUEUE_URL',
    services: ['dispatcher', 'cli'],
    required: true,
    allowed: 'an SQS queue URL',
    description: 'Queue of S3 events and submits',
  },
  {
    name: 'CHUNKLINE_CHUNK_QUEUE_URL',
    services: ['dispatcher', 'processor', 'cli'],
    required: true,
    allowed: 'an SQS queue URL',
    description: 'Queue of chunk messages',
  },
  {
    name: 'CHUNKLINE_MERGE_QUEUE_URL',
    services: ['processor', 'merger', 'cli'],
    required: true,
    allowed: 'an SQS queue URL',
    description: 'Queue of merge messages',
  },
  {
    name: 'CHUNKLINE_OUTPUT_BUCKET',
    services: ['dispatcher'],
    required: true,
    allowed: 'a bucket name',
    description: 'Bucket of the output objects',
  },
  {
    name: 'CHUNKLINE_OUTPUT_PREFIX',
    services: ['dispatcher'],
    defaultValue: 'output/',
    allowed: 'a key prefix (may be empty)',
    description: 'Prefix of the output objects',
  },
  {
    name: 'CHUNKLINE_CHUNK_SIZE',
    services: ['dispatcher'],
    defaultValue: '64MiB',
    allowed: '64KiB to 5GiB (bytes, or with KiB/MiB/GiB)',
    description: 'Target bytes per chunk; grown so a plan never exceeds 10,000 chunks',
  },
  {
    name: 'CHUNKLINE_SINGLE_CHUNK_THRESHOLD',
    services: ['dispatcher'],
    defaultValue: '16MiB',
    allowed: '0 to 5GiB',
    description: 'Objects up to this size are one chunk',
  },
  {
    name: 'CHUNKLINE_MAPPING',
    services: ['dispatcher'],
    allowed: 'a mapping as JSON',
    description: 'The transform mapping (see Transforms); unset means records pass unchanged',
  },
  {
    name: 'CHUNKLINE_MAPPING_FILE',
    services: ['dispatcher'],
    allowed: 'a path to a JSON file',
    description: 'The mapping, from a file (instead of CHUNKLINE_MAPPING)',
  },
  {
    name: 'CHUNKLINE_TOKENIZE_KEY',
    services: ['dispatcher', 'processor', 'merger'],
    allowed: 'at least 16 characters',
    description:
      'Secret key of `tokenize`; required when the mapping tokenizes; never logged or stored',
  },
  {
    name: 'CHUNKLINE_TOKENIZE_KEY_SECRET_ID',
    services: ['dispatcher', 'processor', 'merger'],
    allowed: 'a Secrets Manager secret name or ARN',
    description:
      'Read the tokenization key from this secret at start (instead of CHUNKLINE_TOKENIZE_KEY); the secret holds the key, or JSON `{"current": key, "previous": [keys]}`',
  },
  {
    name: 'CHUNKLINE_TOKENIZE_KEY_PARAMETER',
    services: ['dispatcher', 'processor', 'merger'],
    allowed: 'an SSM parameter name (a SecureString)',
    description:
      'Read the tokenization key from this SSM parameter, decrypted, at start (instead of CHUNKLINE_TOKENIZE_KEY); same value forms as the secret',
  },
  {
    name: 'CHUNKLINE_TOKENIZE_PREVIOUS_KEYS',
    services: ['processor', 'merger'],
    allowed: 'a JSON array of keys of at least 16 characters',
    description:
      "Keys that jobs planned before a rotation still use; a job runs with whichever key matches its manifest's key id",
  },
  {
    name: 'CHUNKLINE_TRANSFORM_MODULE_DIR',
    services: ['dispatcher', 'processor', 'merger'],
    allowed: 'an absolute directory path',
    description:
      "The only directory a mapping's user module may be loaded from (relative module paths resolve against it); unset means no user module is loaded",
  },
  {
    name: 'CHUNKLINE_EXPECTED_BUCKET_OWNER',
    services: all,
    allowed: 'a 12-digit AWS account id',
    description:
      'Sent as `ExpectedBucketOwner` on every S3 request: a bucket owned by another account is refused (403)',
  },
  {
    name: 'CHUNKLINE_CSV_DELIMITER',
    services: ['dispatcher'],
    allowed: 'one ASCII character',
    description: 'CSV delimiter; unset means sniffed from the header (tab for .tsv)',
  },
  {
    name: 'CHUNKLINE_ON_BAD_RECORD',
    services: ['dispatcher'],
    defaultValue: 'fail',
    allowed: 'fail | skip',
    description: 'A malformed record fails its chunk, or is skipped into a rejects object',
  },
  {
    name: 'CHUNKLINE_OUTPUT_FORMAT',
    services: ['dispatcher'],
    defaultValue: 'preserve',
    allowed: 'preserve | csv | jsonl | json | parquet',
    description:
      "Format of the output: the input's record format (`preserve`) or a conversion to another",
  },
  {
    name: 'CHUNKLINE_OUTPUT_COMPRESSION',
    services: ['dispatcher'],
    defaultValue: 'none',
    allowed: 'none | gzip (not with parquet output)',
    description: 'gzip the output (built from one gzip member per part)',
  },
  {
    name: 'CHUNKLINE_CONCURRENCY',
    services: ['processor', 'merger'],
    defaultValue: '2',
    allowed: '1 to 32',
    description: 'Messages handled at once by one service process',
  },
  {
    name: 'CHUNKLINE_MERGE_PART_CONCURRENCY',
    services: ['merger'],
    defaultValue: '4',
    allowed: '1 to 16',
    description:
      'Parts one merge sends at once: server-side copies, or parts assembled from small chunk outputs (each under 10 MiB in memory)',
  },
  {
    name: 'CHUNKLINE_VISIBILITY_TIMEOUT',
    services: ['dispatcher', 'processor', 'merger'],
    defaultValue: '60',
    allowed: '2 to 43200 seconds',
    description: 'Visibility timeout set on received messages, extended by heartbeats',
  },
  {
    name: 'CHUNKLINE_HEARTBEAT_INTERVAL',
    services: ['dispatcher', 'processor', 'merger'],
    defaultValue: '20',
    allowed: '1 to 43199 seconds, below the visibility timeout',
    description: "How often a held message's visibility is extended",
  },
  {
    name: 'CHUNKLINE_DRAIN_SECONDS',
    services: ['dispatcher', 'processor', 'merger'],
    defaultValue: '25',
    allowed: '0 to 3600',
    description:
      'On SIGTERM, how long a service waits for the messages it holds; unfinished ones are then made visible again at once',
  },
  {
    name: 'CHUNKLINE_MAX_RECEIVES',
    services: ['processor', 'merger'],
    defaultValue: '5',
    allowed: "1 to 1000, equal to the queue's maxReceiveCount",
    description: 'Attempts after which a failing chunk is reported final (it goes to the DLQ)',
  },
  {
    name: 'CHUNKLINE_HEALTH_PORT',
    services: ['dispatcher', 'processor', 'merger'],
    defaultValue: '8080',
    allowed: '0 to 65535 (0 picks a free port)',
    description: 'Port of the /healthz, /readyz and /metrics endpoints',
  },
  {
    name: 'CHUNKLINE_LOCALSTACK_ENDPOINT',
    services: ['cli'],
    allowed: 'an http(s) URL',
    description: 'Tests and `chunkline demo`: use this running LocalStack instead of starting one',
  },
  {
    name: 'CHUNKLINE_LOG_LEVEL',
    services: all,
    defaultValue: 'info',
    allowed: 'debug | info | warn | error',
    description: 'Lowest level of JSON log lines written to stdout',
  },
] as const satisfies readonly VariableSpec[];

/** Names of all known variables. */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set(VARIABLES.map((v) => v.name));
