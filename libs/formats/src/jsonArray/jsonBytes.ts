/** Byte values the JSON array rules look at. Internal. */
export const JsonByte = {
  quote: 0x22,
  backslash: 0x5c,
  comma: 0x2c,
  colon: 0x3a,
  openBracket: 0x5b,
  closeBracket: 0x5d,
  openBrace: 0x7b,
  closeBrace: 0x7d,
  space: 0x20,
  tab: 0x09,
  lf: 0x0a,
  cr: 0x0d,
} as const;

/** JSON whitespace: space, tab, `\n`, `\r`. */
export function isJsonWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * A byte of a number or literal (`true`, `false`, `null`) outside strings: anything but
 * whitespace, brackets, braces, `,`, `:` and `"`.
 */
export function isScalarByte(byte: number | undefined): boolean {
  if (byte === undefined || isJsonWhitespace(byte)) return false;
  return (
    byte !== JsonByte.comma &&
    byte !== JsonByte.colon &&
    byte !== JsonByte.quote &&
    byte !== JsonByte.openBracket &&
    byte !== JsonByte.closeBracket &&
    byte !== JsonByte.openBrace &&
    byte !== JsonByte.closeBrace
  );
}
