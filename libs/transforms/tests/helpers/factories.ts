import type { Row } from '@chunkline/contracts';
import { compileMapping, parseMapping } from '../../src/index.ts';
import type { CompiledMapping, CompileOptions, Mapping } from '../../src/index.ts';

/** A tokenization key for tests; long enough never to appear in a token by chance. */
export const TEST_KEY = 'test-key-0123456789abcdef';
/** A second key, to show tokens depend on the key. */
export const OTHER_KEY = 'other-key-fedcba9876543210';

/** Parse a mapping document, filling in `version: 1`. */
export function mappingOf(document: Record<string, unknown>): Mapping {
  return parseMapping({ version: 1, ...document });
}

/** Parse and compile a mapping document with the test key (unless options say otherwise). */
export function compiled(
  document: Record<string, unknown>,
  options: CompileOptions = { tokenizeKey: TEST_KEY },
): CompiledMapping {
  return compileMapping(mappingOf(document), options);
}

/** Whether a filter keeps this record. */
export function keeps(filter: unknown, row: Row): boolean {
  return compiled({ filter }).apply(row) !== undefined;
}

/** The message list of a thrown MappingError, as `path: message` lines. */
export function issueLines(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    const issues =
      (error as { issues?: readonly { path: string; message: string }[] }).issues ?? [];
    return issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the action to throw');
}
