import { join } from 'node:path';
import { LOCALSTACK_SERVICES } from './constants.ts';

/** Variables passed through from this process to LocalStack; everything else is left out on purpose. */
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'LS_LOG'] as const;

/**
 * The complete environment for a LocalStack started on the host, listening on 127.0.0.1:`port` and keeping all its files
 * under `runDir`. Each setting matters when running outside Docker with no internet:
 * - `OVERRIDE_IN_DOCKER=0`: LocalStack otherwise sees `/.dockerenv` in a sandbox and uses `/tmp/localstack` and `/var/lib/localstack`.
 * - `FILESYSTEM_ROOT`, `CONFIG_DIR`: keep state, certs and profiles inside `runDir` instead of site-packages and `~/.localstack`.
 * - `DNS_ADDRESS=0`: no DNS server (it would bind port 53 on all interfaces, or try sudo).
 * - `SKIP_SSL_CERT_DOWNLOAD=1`, `DISABLE_EVENTS=1`: no network calls for the cert or analytics.
 * - `SQS_ENDPOINT_STRATEGY=off` + `LOCALSTACK_HOST`: queue URLs look like `http://127.0.0.1:<port>/000000000000/<name>`.
 */
export function hostLocalStackEnvironment(port: number, runDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    SERVICES: LOCALSTACK_SERVICES.join(','),
    GATEWAY_LISTEN: `127.0.0.1:${port}`,
    LOCALSTACK_HOST: `127.0.0.1:${port}`,
    SQS_ENDPOINT_STRATEGY: 'off',
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: runDir,
    CONFIG_DIR: join(runDir, 'config'),
    PERSISTENCE: '0',
    DNS_ADDRESS: '0',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    DISABLE_EVENTS: '1',
    PYTHONUNBUFFERED: '1',
    // Read by run_localstack.py, which deletes it on exit.
    CHUNKLINE_LOCALSTACK_RUN_DIR: runDir,
  };
}
