import { CR, LF, QUOTE } from './constants.ts';
import { FormatError } from './errors.ts';

/**
 * The byte of a CSV delimiter, after checking it is one ASCII character other than `"`,
 * `\r` and `\n` (the byte-level quote and record rules need a single-byte delimiter).
 */
export function delimiterByte(delimiter: string, where: string): number {
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  if (code < 0 || code >= 0x80 || code === QUOTE || code === CR || code === LF) {
    throw new FormatError(
      'InvalidOptions',
      `formats: ${where}: delimiter ${JSON.stringify(delimiter)} is not supported; ` +
        'use one ASCII character other than a double quote, \\r or \\n (e.g. "," or "\\t")',
    );
  }
  return code;
}
