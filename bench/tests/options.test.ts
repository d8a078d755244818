import { describe, expect, it } from 'vitest';
import { CONTENDERS, parseOptions } from '../src/options.ts';

describe('parseOptions', () => {
  it('runs every contender at 1 GiB by default', () => {
    const options = parseOptions([]);
    expect(options.only).toEqual(CONTENDERS);
    expect(options.size).toBe(1024 * 1024 * 1024);
    expect(options.rounds).toBe(1);
  });

  it('takes the storage floor with chunkline-2, whose plan and output it repeats', () => {
    expect(parseOptions(['--only', 'chunkline-2,storage']).only).toEqual([
      'chunkline-2',
      'storage',
    ]);
    expect(() => parseOptions(['--only', 'copy,storage'])).toThrow(/storage needs chunkline-2/);
  });

  it('refuses unknown contenders and options with the usage', () => {
    expect(() => parseOptions(['--only', 'copy,spark'])).toThrow(/unknown contender spark.*usage/);
    expect(() => parseOptions(['--fast', '1'])).toThrow(/unknown option FAST.*usage/);
  });
});
