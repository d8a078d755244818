import { FormatError } from '../errors.ts';

/** Little-endian fields of a byte array, addressed relative to its first byte. */
export interface Fields {
  u8(at: number): number;
  u16(at: number): number;
  u32(at: number): number;
  /**
   * A 64-bit field as a number.
   * @throws FormatError `CorruptZip` when it exceeds 2^53 - 1, naming `what` and its offset.
   */
  u64(at: number, what: string): number;
}

/**
 * Little-endian readers over `bytes`, which starts at absolute archive offset `origin`
 * (used in error messages only).
 */
export function fieldsOf(bytes: Uint8Array, origin: number): Fields {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    u8: (at) => view.getUint8(at),
    u16: (at) => view.getUint16(at, true),
    u32: (at) => view.getUint32(at, true),
    u64: (at, what) => {
      const value = view.getBigUint64(at, true);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw corruptZip(
          `${what} ${value} at byte ${origin + at} exceeds 2^53 - 1, more than any object can hold`,
          origin + at,
        );
      }
      return Number(value);
    },
  };
}

/** A `CorruptZip` error: `what` is wrong at absolute offset `offset`. */
export function corruptZip(what: string, offset: number): FormatError {
  return new FormatError(
    'CorruptZip',
    `formats: ZIP archive is corrupt: ${what}; re-create the archive (or repair it with zip -FF) and upload it again`,
    { offset },
  );
}

/** How an entry is named in messages: its name (JSON-quoted) and local header offset. */
export function describeEntry(entry: { name: string; localHeaderOffset: number }): string {
  return `ZIP entry ${JSON.stringify(entry.name)} (local header at byte ${entry.localHeaderOffset})`;
}

/** The upper 128 code points of code page 437, the default encoding of ZIP entry names. */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** `bytes` decoded as code page 437 (ASCII below 0x80). */
export function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH.charAt(byte - 0x80);
  }
  return out;
}
