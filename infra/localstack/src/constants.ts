/**
 * Fixed facts about the LocalStack that Chunkline runs against.
 * Keep {@link LOCALSTACK_VERSION}, {@link LOCALSTACK_IMAGE} and `constraints-<version>.txt` in step.
 */

/** LocalStack release used by every resolution path (container image tag and pip package version). */
export const LOCALSTACK_VERSION = '4.14.0';

/** Docker image started when a container runtime is available. */
export const LOCALSTACK_IMAGE = `localstack/localstack:${LOCALSTACK_VERSION}`;

/** pip requirement installed into the host venv. */
export const LOCALSTACK_PIP_REQUIREMENT = `localstack-core[runtime]==${LOCALSTACK_VERSION}`;

/** AWS services Chunkline needs; LocalStack is started with exactly these. */
export const LOCALSTACK_SERVICES = [
  's3',
  'sqs',
  'cloudformation',
  'secretsmanager',
  'ssm',
] as const;

/** Environment variable that points at an already running LocalStack, e.g. `http://127.0.0.1:4566`. */
export const ENDPOINT_ENV_VAR = 'CHUNKLINE_LOCALSTACK_ENDPOINT';

/** Environment variable naming a Python >= 3.12 interpreter to build the host venv with. */
export const PYTHON_ENV_VAR = 'CHUNKLINE_LOCALSTACK_PYTHON';

/** Region every LocalStack client uses. */
export const LOCALSTACK_REGION = 'us-east-1';

/** Account id LocalStack uses for the `test` credentials; it appears in queue URLs and ARNs. */
export const LOCALSTACK_ACCOUNT_ID = '000000000000';

/** Static credentials LocalStack accepts. */
export const LOCALSTACK_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
