import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_KEY_BYTES, objectKeyProblem } from '../src/index.ts';

describe('Function: objectKeyProblem', () => {
  it.each([
    { key: 'in/data.csv', problem: undefined },
    { key: 'a b/ünïcödé.csv', problem: undefined },
    { key: 'dir/..data.csv', problem: undefined },
    { key: '', problem: 'empty' },
    { key: 'x'.repeat(MAX_KEY_BYTES), problem: undefined },
    { key: 'x'.repeat(MAX_KEY_BYTES + 1), problem: 'too-long' },
    { key: 'é'.repeat(513), problem: 'too-long' },
    { key: 'in/da\nta.csv', problem: 'control-characters' },
    { key: 'in/\u0000.csv', problem: 'control-characters' },
    { key: '/etc/passwd', problem: 'leading-slash' },
    { key: '../other-job/manifest.json', problem: 'dot-segment' },
    { key: 'in/../../x', problem: 'dot-segment' },
    { key: 'in/./x', problem: 'dot-segment' },
  ])('$key → $problem', ({ key, problem }) => {
    // Assess
    expect(objectKeyProblem(key)).toBe(problem);
  });

  it('accepts no key with a .. segment, wherever it is', () => {
    // Assess
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z.]{0,4}$/), { maxLength: 4 }),
        fc.array(fc.stringMatching(/^[a-z.]{0,4}$/), { maxLength: 4 }),
        (before, after) => {
          const key = [...before, '..', ...after].join('/');
          expect(objectKeyProblem(key)).toBeDefined();
        },
      ),
    );
  });
});
