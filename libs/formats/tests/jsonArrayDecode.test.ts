import { describe, expect, it } from 'vitest';
import { utf8 } from './helpers/bytes.ts';
import { decodeJson } from './helpers/jsonArray.ts';

describe('Function: decodeRecords, on JSON array elements', () => {
  it('decodes owned elements separated by commas and whitespace, in batches', async () => {
    // Prepare
    const owned = utf8('{"a":"}, {"} ,\n  {"b":[1,{"c":"é😀"}]},{"d":null}');
    // Act
    const { rows, batches } = await decodeJson(owned, {
      batchSize: 2,
      pieces: { kind: 'random', seed: 5 },
    });
    // Assess
    expect(rows).toEqual([{ a: '}, {' }, { b: [1, { c: 'é😀' }] }, { d: null }]);
    expect(batches.map((batch) => batch.rows.length)).toEqual([2, 1]);
    expect(batches[0]?.locations).toEqual([
      { line: 1, offset: 0 },
      { line: 2, offset: 17 },
    ]);
  });

  it.each([
    { name: 'a number', element: '42', reason: 'array element is not an object: got a number' },
    { name: 'an array', element: '[1]', reason: 'array element is not an object: got an array' },
    { name: 'a string', element: '"x"', reason: 'array element is not an object: got a string' },
    { name: 'bad JSON', element: '{"a":}', reason: 'invalid JSON' },
  ])('rejects $name under skip and fails under fail', async ({ element, reason }) => {
    // Prepare
    const owned = utf8(`{"ok":1},\n${element},\n{"ok":2}`);
    // Act
    const skipped = await decodeJson(owned, { ownedStart: 100, onBadRecord: 'skip' });
    const failing = decodeJson(owned, { ownedStart: 100, onBadRecord: 'fail' });
    // Assess
    expect(skipped.rows).toEqual([{ ok: 1 }, { ok: 2 }]);
    expect(skipped.batches.flatMap((batch) => batch.rejects)).toEqual([
      { line: 2, offset: 110, reason: expect.stringContaining(reason), raw: element },
    ]);
    await expect(failing).rejects.toMatchObject({ code: 'BadRecord', line: 2, offset: 110 });
  });

  it('decodes nothing from no bytes', async () => {
    // Act
    const { rows } = await decodeJson(new Uint8Array(0));
    // Assess
    expect(rows).toEqual([]);
  });
});
