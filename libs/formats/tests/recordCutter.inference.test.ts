import { describe, expect, it } from 'vitest';
import { RecordCutter, readOffset } from '../src/index.ts';
import { collect, meteredSource, sourceOf } from './helpers/bytes.ts';
import { csvObject, cut } from './helpers/cutter.ts';

describe('Class: RecordCutter, inferring the start state', () => {
  it('buffers at most the inference window plus one buffer before yielding', async () => {
    // Prepare: no quotes anywhere, so inference never decides.
    const { bytes, base } = csvObject('1,2\n'.repeat(200));
    const cutter = new RecordCutter({ ...base, start: 7, end: 700, inferenceWindow: 64 });
    const { source, meter } = meteredSource(bytes, 6, { kind: 'random', seed: 11 });
    // Act
    let pulledAtFirstYield = -1;
    for await (const _ of cutter.cut(source))
      if (pulledAtFirstYield < 0) pulledAtFirstYield = meter.pulled;
    // Assess
    expect(pulledAtFirstYield).toBeGreaterThanOrEqual(64);
    expect(pulledAtFirstYield).toBeLessThanOrEqual(64 + 7);
    expect(cutter.result.how).toBe('assumed');
  });

  it('throws QuoteStateMisspeculated when a later quote refutes the assumption, and cuts right when retried', async () => {
    // Prepare: chunk starts inside a quoted field whose closing quote is 60 bytes on.
    const body = `1,"${'x'.repeat(30)}\n${'y'.repeat(30)}",2\n3,4\n`;
    const { bytes, base } = csvObject(body);
    const options = { ...base, start: 15, end: 75, inferenceWindow: 8 };
    const cutter = new RecordCutter(options);
    let assumedWhenThrown: string | undefined;
    // Act
    const act = async () => {
      try {
        await collect(
          cutter.cut(sourceOf(bytes, readOffset(options), { kind: 'random', seed: 5 })),
        );
      } finally {
        assumedWhenThrown = cutter.assumedState;
      }
    };
    // Assess
    await expect(act()).rejects.toThrow(
      expect.objectContaining({ code: 'QuoteStateMisspeculated' }),
    );
    expect(assumedWhenThrown).toBe('outside');
    const retried = await cut(bytes, { ...options, startState: 'inside' });
    expect(retried.owned).toBe('3,4\n');
    expect(retried.result).toMatchObject({ startState: 'inside', how: 'given', ownedStart: 74 });
  });

  it.each([
    { name: 'no quote ever decides', body: '1,2\n3,4\n5,6\n', how: 'assumed' },
    { name: 'a later quote confirms it', body: '1,2\n3,"4"\n5,6\n', how: 'inferred' },
  ])('reports how $how when the window runs out and $name', async ({ body, how }) => {
    // Prepare
    const { bytes, base } = csvObject(body);
    // Act
    const options = { ...base, start: 8, end: 12, inferenceWindow: 2 };
    const { result } = await cut(bytes, options, { kind: 'fixed', size: 2 });
    // Assess
    expect(result).toMatchObject({ startState: 'outside', how });
  });

  it('infers the start state within the window', async () => {
    // Prepare
    const { bytes, base } = csvObject('1,"a\nb",2\n3,4\n');
    // Act
    const { owned, result } = await cut(bytes, { ...base, start: 10, end: 18 });
    // Assess
    expect(owned).toBe('3,4\n');
    expect(result).toMatchObject({
      startState: 'inside',
      how: 'inferred',
      quoteParity: 1,
      ownedStart: 16,
    });
  });
});
