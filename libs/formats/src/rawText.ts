import { CR, LF, REJECT_RAW_LIMIT } from './constants.ts';

const decoder = new TextDecoder();

/**
 * The text of a rejected record for `RejectedRecord.raw`: its bytes without the line
 * terminator, at most `REJECT_RAW_LIMIT` of them, decoded as UTF-8.
 */
export function rawText(bytes: Uint8Array): string {
  let end = bytes.length;
  if (bytes[end - 1] === LF) end -= 1;
  if (bytes[end - 1] === CR) end -= 1;
  return decoder.decode(bytes.subarray(0, Math.min(end, REJECT_RAW_LIMIT)));
}
