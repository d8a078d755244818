/**
 * Bundle the services for their container images (`npm run build:services [name ...]`):
 * writes `services/<name>/dist/main.mjs` for each one named, or for all three.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleService } from './bundleService.ts';
import type { ServiceName } from './serviceProcess.ts';

const SERVICES: readonly ServiceName[] = ['dispatcher', 'processor', 'merger'];
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const named = process.argv.slice(2);
for (const name of named) {
  if (!(SERVICES as readonly string[]).includes(name)) {
    process.stderr.write(
      `build:services: unknown service '${name}'; known: ${SERVICES.join(', ')}\n`,
    );
    process.exit(2);
  }
}
for (const name of named.length > 0 ? (named as ServiceName[]) : SERVICES) {
  const path = bundleService(name, repoRoot);
  const kib = Math.round(statSync(join(repoRoot, path)).size / 1024);
  process.stdout.write(`${path} (${kib} KiB)\n`);
}
