import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadError } from '../../src/upload/errors.ts';
import { openLocalFile } from '../../src/upload/localFile.ts';

describe('Function: openLocalFile', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chunkline-local-file-'));
    await writeFile(join(dir, 'abc.txt'), 'abcdefghij');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the size and reads any byte range', async () => {
    // Prepare
    const file = await openLocalFile(join(dir, 'abc.txt'));

    // Act
    const parts = await Promise.all([file.read(0, 4), file.read(4, 10), file.read(3, 3)]);
    await file.close();

    // Assess
    expect(file.size).toBe(10);
    expect(parts.map((p) => Buffer.from(p).toString())).toEqual(['abcd', 'efghij', '']);
  });

  it('refuses to read past the end, as a file truncated mid-upload would', async () => {
    // Prepare
    const file = await openLocalFile(join(dir, 'abc.txt'));

    // Act
    const read = file.read(8, 12);

    // Assess
    await expect(read).rejects.toThrow(/ended at byte 10, before 12/);
    await file.close();
  });

  it.each([
    { name: 'a directory', path: () => dir, says: 'is not a regular file' },
    { name: 'a missing file', path: () => join(dir, 'missing.bin'), says: 'cannot read' },
  ])('refuses $name with a usage error (exit status 2)', async ({ path, says }) => {
    // Act
    const open = openLocalFile(path());

    // Assess
    await expect(open).rejects.toBeInstanceOf(UploadError);
    await expect(open).rejects.toMatchObject({ exitCode: 2, code: 'NotAFile' });
    await expect(open).rejects.toThrow(says);
  });
});
