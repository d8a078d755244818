import type { UploadedPart } from '@chunkline/aws';
import { partRange } from './planUpload.ts';
import type { UploadPlan } from './planUpload.ts';

/** What to do with an open upload whose parts fit the plan. */
export interface PartMatch {
  /** Parts S3 already holds with the right size and the local bytes' CRC32: kept as they are. */
  readonly reuse: readonly UploadedPart[];
  /** Part numbers to send, ascending: missing ones and mismatched ones. */
  readonly send: readonly number[];
  /** Part numbers S3 holds whose checksum differs from the local bytes (they are re-sent). */
  readonly mismatched: readonly number[];
}

/**
 * Why the parts of an open upload cannot belong to an upload of this file, or `undefined`
 * when they can: every part must be numbered within the plan and have the planned size for
 * its number (the plan is deterministic in the file size, so a file of another size shows
 * as parts of other sizes, or too many). Such an upload is aborted and started afresh.
 */
export function misfit(plan: UploadPlan, listed: readonly UploadedPart[]): string | undefined {
  for (const part of listed) {
    if (part.partNumber < 1 || part.partNumber > plan.partCount) {
      return `it has part ${part.partNumber}, but this file of ${plan.size} bytes has ${plan.partCount} part(s)`;
    }
    const { start, end } = partRange(plan, part.partNumber);
    if (part.size !== end - start) {
      return `its part ${part.partNumber} is ${part.size} bytes, but this file's part ${part.partNumber} is ${end - start} bytes`;
    }
  }
  return undefined;
}

/**
 * Which parts of an open upload to keep and which to send. A listed part is kept only when its
 * CRC32 equals the CRC32 of the same range of the local file (`localCrc32`, base64, for each
 * listed part); a part without a CRC32 or with another one is re-sent. Every part of the plan
 * that is not kept is sent. Assumes `misfit(plan, listed)` found nothing.
 */
export function matchParts(
  plan: UploadPlan,
  listed: readonly UploadedPart[],
  localCrc32: ReadonlyMap<number, string>,
): PartMatch {
  const reuse: UploadedPart[] = [];
  const mismatched: number[] = [];
  const kept = new Set<number>();
  for (const part of listed) {
    const local = localCrc32.get(part.partNumber);
    if (part.checksumCrc32 !== undefined && local !== undefined && part.checksumCrc32 === local) {
      if (kept.has(part.partNumber)) continue;
      reuse.push(part);
      kept.add(part.partNumber);
    } else {
      mismatched.push(part.partNumber);
    }
  }
  const send: number[] = [];
  for (let n = 1; n <= plan.partCount; n += 1) if (!kept.has(n)) send.push(n);
  return {
    reuse: reuse.sort((a, b) => a.partNumber - b.partNumber),
    send,
    mismatched: mismatched.sort((a, b) => a - b),
  };
}
