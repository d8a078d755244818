// Prints the README's configuration table: `node scripts/config-table.ts`.
import { configTable } from '@chunkline/config';

process.stdout.write(`${configTable()}\n`);
