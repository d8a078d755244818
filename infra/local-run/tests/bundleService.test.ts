import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePath, bundleService } from '../src/bundleService.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVICES = ['dispatcher', 'processor', 'merger'] as const;

/** Every module specifier the bundle imports, statically or dynamically. */
function importedSpecifiers(code: string): Set<string> {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom|\bimport\(?)\s*["']([^"']+)["']/g)) {
    found.add(match[1] as string);
  }
  return found;
}

describe('Function: bundleService', () => {
  it.each(SERVICES)(
    'bundles the %s with the workspace libraries inside and npm packages as imports',
    (name) => {
      // Act
      const path = bundleService(name, repoRoot);

      // Assess
      expect(path).toBe(bundlePath(name));
      const specifiers = [...importedSpecifiers(readFileSync(join(repoRoot, path), 'utf8'))];
      expect(specifiers.length).toBeGreaterThan(3);
      expect(specifiers.filter((s) => s.startsWith('@chunkline/'))).toEqual([]);
      expect(specifiers.filter((s) => s.startsWith('.') || s.endsWith('.ts'))).toEqual([]);
      expect(specifiers).toContain('@aws-sdk/client-sqs');
    },
  );

  it.each(SERVICES)(
    'gives a %s bundle that starts, reads its configuration and names what is wrong',
    (name) => {
      // Prepare
      const path = bundleService(name, repoRoot);

      // Act: every import of the bundle loads before the configuration is read.
      const run = spawnSync(process.execPath, [path], {
        cwd: repoRoot,
        env: { PATH: process.env['PATH'] ?? '', CHUNKLINE_CONCURRENCY: 'lots' },
        encoding: 'utf8',
        timeout: 30_000,
      });

      // Assess
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/CHUNKLINE_[A-Z_]+/);
    },
  );
});
