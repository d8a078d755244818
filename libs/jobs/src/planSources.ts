import type { JobManifest, JobSource, SourcePlan } from '@chunkline/contracts';
import { planJob } from '@chunkline/planning';
import type { PlannedLayout } from '@chunkline/planning';
import type { SourceDescription, SourceObject } from './describeSource.ts';
import { JobError, JobErrorCode } from './errors.ts';

/** A described source object, ready to plan. */
export interface DescribedSource {
  readonly object: SourceObject & { readonly versionId?: string | undefined };
  readonly description: SourceDescription;
}

/** What the manifest records of a planned job's inputs. */
export interface PlannedSources {
  readonly sources: JobSource[];
  readonly records: JobManifest['records'];
  readonly chunkCount: number;
  readonly chunkSize: number;
}

/**
 * Plan every source of a job together (see `planJob`): all must hold records of one
 * format; the job's columns are those of its first source.
 *
 * @throws JobError `PlanningFailed` for mixed formats or a plan over 10,000 chunks.
 */
export function planSources(
  described: readonly DescribedSource[],
  options: { readonly chunkSize: number; readonly singleChunkThreshold: number },
): PlannedSources {
  const first = described[0];
  if (!first)
    throw new JobError(JobErrorCode.planningFailed, 'a job needs at least one object', {
      permanent: true,
    });
  const mixed = described.find((d) => d.description.records !== first.description.records);
  if (mixed) {
    throw new JobError(
      JobErrorCode.planningFailed,
      `mixed formats: s3://${first.object.bucket}/${first.object.key} holds ${first.description.records} records but s3://${mixed.object.bucket}/${mixed.object.key} holds ${mixed.description.records}; submit objects of one format per job (a narrower prefix)`,
      { permanent: true },
    );
  }
  const names = (d: DescribedSource): string =>
    d.description.columns
      .map((c) => c.name)
      .sort()
      .join('\0');
  const otherColumns = described.find(
    (d) => d.description.format.kind === 'csv' && names(d) !== names(first),
  );
  if (first.description.records === 'csv' && otherColumns) {
    throw new JobError(
      JobErrorCode.columnsMismatch,
      `s3://${otherColumns.object.bucket}/${otherColumns.object.key}: its columns (${otherColumns.description.columns.map((c) => c.name).join(', ')}) differ from the job's (${first.description.columns.map((c) => c.name).join(', ')}), taken from its first object; process objects with different columns as separate jobs`,
      { permanent: true },
    );
  }
  let plan;
  try {
    plan = planJob(
      described.map((d) => d.description.layout),
      options,
    );
  } catch (error) {
    throw new JobError(JobErrorCode.planningFailed, (error as Error).message, {
      permanent: true,
      cause: error,
    });
  }
  const sources = described.map(({ object, description }, i): JobSource => {
    const planned = plan.sources[i] as (typeof plan.sources)[number];
    return {
      bucket: object.bucket,
      key: object.key,
      etag: object.etag,
      ...(object.versionId ? { versionId: object.versionId } : {}),
      size: object.size,
      format: description.format,
      firstChunk: planned.firstChunk,
      plan: sourcePlan(planned.plan, description),
    };
  });
  return {
    sources,
    records: {
      format: first.description.records,
      columns: first.description.columns,
      delimiter: first.description.delimiter,
    },
    chunkCount: plan.chunkCount,
    chunkSize: plan.chunkSize,
  };
}

/** Attach the items (row groups, entries) the layout grouped to the source's plan. */
function sourcePlan(planned: PlannedLayout, description: SourceDescription): SourcePlan {
  if (planned.kind !== 'items') return planned;
  const items = description.items;
  if (items?.kind === 'entries') {
    return {
      kind: 'entries',
      groups: planned.groups.map((g) => ({
        start: g.start,
        end: g.end,
        entries: items.entries.slice(g.first, g.first + g.count),
      })),
    };
  }
  return { kind: 'rowGroups', groups: planned.groups.map((g) => ({ ...g })) };
}
