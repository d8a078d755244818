import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, ConfigErrors, moduleWithin } from '@chunkline/config';
import type { Row } from '@chunkline/contracts';

/** A record transform exported by a user module. */
export type LoadedTransform = (row: Row) => Row | null | undefined;

/**
 * Load a mapping's user module: a JS or TS file whose default export (or `transform`
 * export) is a synchronous function from record to record, or `null` to drop it. Relative
 * paths resolve from the working directory. No restriction on where the file is: services
 * use `userTransformLoader`, which confines modules to `CHUNKLINE_TRANSFORM_MODULE_DIR`.
 */
export async function loadUserTransform(path: string): Promise<LoadedTransform> {
  const url = pathToFileURL(isAbsolute(path) ? path : resolve(process.cwd(), path)).href;
  const module = (await import(url)) as { default?: unknown; transform?: unknown };
  const candidate = module.transform ?? module.default;
  if (typeof candidate !== 'function') {
    throw new TypeError(
      `${path} must export a function (default export or "transform"), found ${typeof candidate}`,
    );
  }
  return candidate as LoadedTransform;
}

const VARIABLE = 'CHUNKLINE_TRANSFORM_MODULE_DIR';

/**
 * The module loader a service uses: modules only from under `dir` (relative paths resolve
 * against it; symbolic links are followed before the check, so a link cannot lead out).
 * With no `dir`, every module is refused, naming the variable to set. Throws `ConfigErrors`
 * at once (the service refuses to start) when `dir` is not an existing directory.
 */
export function userTransformLoader(
  service: string,
  dir: string | undefined,
): (path: string) => Promise<LoadedTransform> {
  if (dir === undefined) {
    return (path) =>
      Promise.reject(
        new Error(
          `user module ${path} refused: no ${VARIABLE} is set on this ${service}; set it to the directory holding the modules`,
        ),
      );
  }
  let root: string;
  try {
    root = realpathSync(dir);
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new ConfigErrors(service, [
      new ConfigError(VARIABLE, dir, `an existing directory (${String(error)})`, { cause: error }),
    ]);
  }
  return async (path) => {
    const target = moduleWithin(dir, path);
    const real = target === undefined ? undefined : realpathSync(target);
    if (real === undefined || moduleWithin(root, real) === undefined) {
      throw new Error(
        `user module ${path} refused: it is not inside ${VARIABLE} (${dir}); move it there or point the mapping at a module inside it`,
      );
    }
    return loadUserTransform(real);
  };
}
