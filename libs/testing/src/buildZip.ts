import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** One entry to put in a generated archive. */
export interface EntrySpec {
  readonly name: string;
  /** Contents (text is UTF-8 encoded); omitted for a directory. */
  readonly data?: Uint8Array | string;
  /** `true` for an empty directory entry (the name gets a trailing `/`). */
  readonly directory?: boolean;
  /** Deflate (default) or store. */
  readonly compress?: boolean;
  /** ZIP64 extended information even though the entry is small. */
  readonly zip64?: boolean;
  /** Added as a stream: CRC and sizes go to a data descriptor after the data. */
  readonly stream?: boolean;
}

/** Archive-wide options of a generated archive. */
export interface ArchiveSpec {
  readonly comment?: string;
  /** ZIP64 end of central directory record and locator, with 0xFFFF… in the classic one. */
  readonly zip64?: boolean;
}

const MTIME = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

/** Bytes of an entry's contents. */
export function contentOf(spec: EntrySpec): Uint8Array {
  return typeof spec.data === 'string'
    ? new TextEncoder().encode(spec.data)
    : (spec.data ?? new Uint8Array(0));
}

/** A ZIP archive written by yazl from `entries`. */
export async function buildZip(
  entries: readonly EntrySpec[],
  archive: ArchiveSpec = {},
): Promise<Uint8Array> {
  const zip = new ZipFile();
  for (const spec of entries) {
    if (spec.directory === true) {
      zip.addEmptyDirectory(spec.name, { mtime: MTIME });
      continue;
    }
    const options = {
      mtime: MTIME,
      compress: spec.compress ?? true,
      forceZip64Format: spec.zip64 ?? false,
    };
    const data = Buffer.from(contentOf(spec));
    if (spec.stream === true) zip.addReadStream(Readable.from([data]), spec.name, options);
    else zip.addBuffer(data, spec.name, options);
  }
  zip.end({ forceZip64Format: archive.zip64 ?? false, comment: archive.comment ?? '' });
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream) parts.push(part as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}
