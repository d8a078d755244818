import type { BatchCollector } from './batchCollector.ts';
import { FormatError } from './errors.ts';
import type { BadRecordPolicy } from './types.ts';

/** Where a bad record is and why it is bad. */
export interface BadRecordFacts {
  readonly format: 'CSV' | 'JSONL' | 'JSON array';
  readonly line: number;
  readonly offset: number;
  readonly reason: string;
  readonly raw: () => string;
  readonly cause?: unknown;
}

/**
 * Apply the bad-record policy: `skip` adds a reject to the batch, `fail` throws.
 *
 * @throws FormatError `BadRecord` under `fail`, with `line` and `offset` set.
 */
export function handleBadRecord(
  policy: BadRecordPolicy,
  batch: BatchCollector<unknown>,
  facts: BadRecordFacts,
): void {
  const { line, offset, reason } = facts;
  if (policy === 'skip') {
    batch.rejects.push({ line, offset, reason, raw: facts.raw() });
    return;
  }
  throw new FormatError(
    'BadRecord',
    `formats: ${facts.format} record at line ${line} (byte offset ${offset}) is malformed: ${reason}; ` +
      "fix the input, or decode with onBadRecord 'skip' to route bad records to the rejects",
    { line, offset, ...('cause' in facts ? { cause: facts.cause } : {}) },
  );
}
