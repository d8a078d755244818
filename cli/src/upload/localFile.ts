import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { UploadError, UploadErrorCode } from './errors.ts';
import type { LocalSource } from './types.ts';

/** A local file opened for ranged reads; `close` when done. */
export interface LocalFile extends LocalSource {
  readonly path: string;
  close(): Promise<void>;
}

/** Open a regular file for reading by ranges; `NotAFile` (exit status 2) otherwise. */
export async function openLocalFile(path: string): Promise<LocalFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UploadError(
      UploadErrorCode.notAFile,
      `upload: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new UploadError(
      UploadErrorCode.notAFile,
      `upload: ${path} is not a regular file; give the path of one file`,
    );
  }
  return {
    path,
    size: stats.size,
    read: async (start, end) => {
      const buffer = Buffer.allocUnsafe(end - start);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(
          buffer,
          filled,
          buffer.length - filled,
          start + filled,
        );
        if (bytesRead === 0) {
          throw new UploadError(
            UploadErrorCode.partFailed,
            `upload: ${path} ended at byte ${start + filled}, before ${end}; was it truncated while uploading? Run the command again`,
          );
        }
        filled += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}
