import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable } from '../src/index.ts';

describe('Function: configTable', () => {
  it('is what the README shows, so the documented variables never drift from the validated ones', () => {
    // Prepare
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    // Assess (regenerate with `npm run docs:config`)
    expect(readme).toContain(configTable());
  });
});
