/**
 * Byte text: a string whose every char is one byte (its code, 0 to 255), as Node's
 * `latin1` encoding reads and writes bytes. The CSV-to-CSV path keeps UTF-8 input in this
 * form: decoding and encoding it are copies, each char takes one byte in memory rather
 * than two once the text holds any char past U+00FF, and the fields it copies go out as
 * the very bytes they came in as. Values a mapping reads are turned into text first.
 *
 * CSV's quotes, delimiters and line breaks are ASCII, and an ASCII byte is never part of
 * a multi-byte UTF-8 sequence, so fields have the same bounds in byte text as in text.
 */

/** Any char past ASCII. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Whether `text` is all ASCII (and so its own byte text). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** The byte text of `bytes`. */
export function byteTextOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The text that the UTF-8 bytes of byte text `byteText` spell (an ASCII one is its own). */
export function textOfByteText(byteText: string): string {
  return NON_ASCII.test(byteText) ? Buffer.from(byteText, 'latin1').toString('utf8') : byteText;
}

/** The byte text of the UTF-8 encoding of `text` (an ASCII one is its own). */
export function byteTextOfText(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}
