/** `ingest` → `Ingest`: construct ids and output names from roles. */
export function pascalCase(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
