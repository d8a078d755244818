// The README's configuration table, generated from the variables the services validate.
//   node scripts/config-table.ts           print it
//   node scripts/config-table.ts --write   replace it in README.md
import { readFileSync, writeFileSync } from 'node:fs';
import { configTable } from '@chunkline/config';

const table = configTable();
if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf('| variable | read by |');
  const end = readme.indexOf('\n\n', start);
  if (start < 0 || end < 0) throw new Error('README.md has no configuration table to replace');
  writeFileSync(path, `${readme.slice(0, start)}${table}${readme.slice(end)}`);
} else {
  process.stdout.write(`${table}\n`);
}
