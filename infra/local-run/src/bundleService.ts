import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { ServiceName } from './serviceProcess.ts';

/** Where a service's bundle is written, relative to the repository root. */
export function bundlePath(name: ServiceName): string {
  return `services/${name}/dist/main.mjs`;
}

/**
 * Each workspace library's name and entry file (`libs/<dir>/package.json`, its `exports`).
 * Aliased to a path, a library is bundled; every other package import stays an import.
 */
function workspaceLibraries(repoRoot: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of readdirSync(join(repoRoot, 'libs'))) {
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, 'libs', dir, 'package.json'), 'utf8'),
    ) as { name: string; exports: { '.': string } };
    aliases[manifest.name] = join(repoRoot, 'libs', dir, manifest.exports['.']);
  }
  return aliases;
}

/**
 * Bundle one service's sources and the workspace libraries it imports into one ES module,
 * `services/<name>/dist/main.mjs`. A service run from its TypeScript sources costs about
 * 30 MiB more at rest: Node's type stripping and a module record per source file. The file
 * is written under a temporary name and renamed, so processes bundling the same service at
 * once never run half a file. Returns the bundle's path relative to `repoRoot`.
 */
export function bundleService(name: ServiceName, repoRoot: string): string {
  const relative = bundlePath(name);
  const result = buildSync({
    absWorkingDir: repoRoot,
    entryPoints: [`services/${name}/src/main.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    alias: workspaceLibraries(repoRoot),
    // npm packages are resolved from node_modules at run time, as from the sources.
    packages: 'external',
    write: false,
    logLevel: 'silent',
    // Names stay as written: they appear in logs and stack traces.
    keepNames: true,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`bundling the ${name} produced no file`);
  const target = join(repoRoot, relative);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, output.contents);
  renameSync(temporary, target);
  return relative;
}
