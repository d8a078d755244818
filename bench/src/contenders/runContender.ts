/**
 * Child-process entry of a single-process contender, so its peak RSS is its own:
 * `node runContender.ts <copy|naive|duckdb|storage> <ContenderJob as JSON>`; prints the outcome as
 * the last line of stdout.
 */
import type { ChildContenderName } from './childContender.ts';
import { copyFloor } from './copyFloor.ts';
import { duckdbSql } from './duckdbSql.ts';
import { naiveStream } from './naiveStream.ts';
import { storageFloor } from './storageFloor.ts';
import type { ContenderJob, ContenderOutcome } from './types.ts';

const run: Record<ChildContenderName, (job: ContenderJob) => Promise<ContenderOutcome>> = {
  copy: copyFloor,
  naive: naiveStream,
  duckdb: duckdbSql,
  storage: storageFloor,
};

const [name = '', json = '{}'] = process.argv.slice(2);
const contender = Object.hasOwn(run, name) ? run[name as ChildContenderName] : undefined;
if (!contender) {
  process.stderr.write(
    `bench: unknown contender ${name}; expected one of ${Object.keys(run).join(', ')}\n`,
  );
  process.exit(2);
}
const outcome = await contender(JSON.parse(json) as ContenderJob);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
