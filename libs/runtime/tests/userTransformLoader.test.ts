import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigErrors } from '@chunkline/config';
import { afterAll, describe, expect, it } from 'vitest';
import { userTransformLoader } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'chunkline-modules-'));
const allowed = join(root, 'allowed');
const outside = join(root, 'outside');
mkdirSync(allowed);
mkdirSync(outside);
const MODULE = 'export default (row) => ({ ...row, seen: true });\n';
writeFileSync(join(allowed, 'transform.mjs'), MODULE);
writeFileSync(join(outside, 'evil.mjs'), MODULE);
symlinkSync(join(outside, 'evil.mjs'), join(allowed, 'link.mjs'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Function: userTransformLoader', () => {
  it.each(['transform.mjs', join(allowed, 'transform.mjs')])(
    'loads %s from inside the directory',
    async (path) => {
      // Act
      const transform = await userTransformLoader('processor', allowed)(path);

      // Assess
      expect(transform({ a: 1 })).toEqual({ a: 1, seen: true });
    },
  );

  it.each([
    { path: join(outside, 'evil.mjs'), why: 'an absolute path elsewhere' },
    { path: '../outside/evil.mjs', why: 'a relative path leading out' },
    { path: 'link.mjs', why: 'a symbolic link leading out' },
  ])('refuses $why, naming the variable', async ({ path }) => {
    // Act
    const load = userTransformLoader('processor', allowed)(path);

    // Assess
    await expect(load).rejects.toThrow(
      `user module ${path} refused: it is not inside CHUNKLINE_TRANSFORM_MODULE_DIR (${allowed})`,
    );
  });

  it('refuses every module when no directory is configured', async () => {
    // Act
    const load = userTransformLoader('merger', undefined)(join(allowed, 'transform.mjs'));

    // Assess
    await expect(load).rejects.toThrow('no CHUNKLINE_TRANSFORM_MODULE_DIR is set on this merger');
  });

  it('refuses to start with a directory that does not exist', () => {
    // Act
    const create = (): unknown => userTransformLoader('processor', join(root, 'missing'));

    // Assess
    expect(create).toThrow(ConfigErrors);
    expect(create).toThrow(
      /CHUNKLINE_TRANSFORM_MODULE_DIR is ".*missing"; allowed: an existing directory/,
    );
  });
});
