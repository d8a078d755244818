import { FormatError } from '../errors.ts';
import { isJsonWhitespace, JsonByte } from './jsonBytes.ts';

/**
 * Offset just after the opening `[` of a JSON array object, given its first bytes
 * (`prefix`): a UTF-8 byte order mark and JSON whitespace before the `[` are skipped.
 * This is the chunks' `dataStart`.
 *
 * @throws FormatError `NotAnArray` when the first significant byte is not `[`, or when
 *   `prefix` holds no significant byte (read more of the object, or it is blank).
 */
export function jsonArrayStart(prefix: Uint8Array): number {
  let i = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
  while (i < prefix.length && isJsonWhitespace(prefix[i])) i += 1;
  const byte = prefix[i];
  if (byte === JsonByte.openBracket) return i + 1;
  const found =
    byte === undefined
      ? `only ${i} bytes of whitespace`
      : `byte 0x${byte.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(byte))})`;
  throw new FormatError(
    'NotAnArray',
    `formats: jsonArrayStart: a JSON array must start with [ after an optional BOM and ` +
      `whitespace, found ${found} at byte offset ${i}; process the object as another format`,
    { offset: i },
  );
}
