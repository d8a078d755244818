import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Row } from '@chunkline/contracts';

/** A record transform exported by a user module. */
export type LoadedTransform = (row: Row) => Row | null | undefined;

/**
 * Load a mapping's user module: a JS or TS file whose default export (or `transform`
 * export) is a synchronous function from record to record, or `null` to drop it. Relative
 * paths resolve from the working directory.
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
