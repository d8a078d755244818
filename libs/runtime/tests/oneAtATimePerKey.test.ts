import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneAtATimePerKey } from '../src/index.ts';

/** A task that records when it starts and ends, and settles when told to. */
function controlledTask(events: string[], name: string, fail = false) {
  let settle: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (settle = resolve));
  const task = async (): Promise<string> => {
    events.push(`${name}:start`);
    await gate;
    events.push(`${name}:end`);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
  return { task, settle };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Function: oneAtATimePerKey', () => {
  it('starts a second task of the same key only after the first has settled', async () => {
    // Prepare
    const run = oneAtATimePerKey();
    const events: string[] = [];
    const first = controlledTask(events, 'first');
    const second = controlledTask(events, 'second');

    // Act
    const a = run('job', first.task);
    const b = run('job', second.task);
    await tick();
    const whileFirstRuns = [...events];
    first.settle();
    second.settle();

    // Assess
    await expect(Promise.all([a, b])).resolves.toEqual(['first', 'second']);
    expect(whileFirstRuns).toEqual(['first:start']);
    expect(events).toEqual(['first:start', 'first:end', 'second:start', 'second:end']);
  });

  it('runs tasks of different keys at the same time', async () => {
    // Prepare
    const run = oneAtATimePerKey();
    const events: string[] = [];
    const one = controlledTask(events, 'one');
    const two = controlledTask(events, 'two');

    // Act
    const a = run('job-1', one.task);
    const b = run('job-2', two.task);
    await tick();
    const started = [...events];
    one.settle();
    two.settle();
    await Promise.all([a, b]);

    // Assess
    expect(started).toEqual(['one:start', 'two:start']);
  });

  it('runs the next task of a key after one that threw, and passes each its own result', async () => {
    // Prepare
    const run = oneAtATimePerKey();
    const events: string[] = [];
    const failing = controlledTask(events, 'failing', true);
    const next = controlledTask(events, 'next');

    // Act
    const a = run('job', failing.task);
    const b = run('job', next.task);
    failing.settle();
    next.settle();

    // Assess
    await expect(a).rejects.toThrow('failing failed');
    await expect(b).resolves.toBe('next');
    expect(events).toEqual(['failing:start', 'failing:end', 'next:start', 'next:end']);
  });

  it('never has two tasks of one key in flight, whatever the keys and durations (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), ticks: fc.nat(3) }), {
          maxLength: 20,
        }),
        async (tasks) => {
          // Prepare
          const run = oneAtATimePerKey();
          const inFlight = new Map<string, number>();
          let worst = 0;

          // Act
          const results = await Promise.all(
            tasks.map(({ key, ticks }, i) =>
              run(key, async () => {
                const now = (inFlight.get(key) ?? 0) + 1;
                inFlight.set(key, now);
                worst = Math.max(worst, now);
                for (let t = 0; t < ticks; t += 1) await tick();
                inFlight.set(key, now - 1);
                return i;
              }),
            ),
          );

          // Assess
          expect(worst).toBeLessThanOrEqual(1);
          expect(results).toEqual(tasks.map((_, i) => i));
        },
      ),
    );
  });
});
