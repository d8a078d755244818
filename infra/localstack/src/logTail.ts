import { readFileSync } from 'node:fs';

/** The last `lineCount` lines of the text file at `path`, or a note saying it could not be read. */
export function tailFile(path: string, lineCount = 20): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `(could not read ${path}: ${error instanceof Error ? error.message : String(error)})`;
  }
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(-lineCount).join('\n');
}
