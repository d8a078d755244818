import { describe, expect, it } from 'vitest';
import { utf8 } from './helpers/bytes.ts';
import { decodeAll } from './helpers/oracle.ts';

describe('Function: decodeRecords, on JSON Lines', () => {
  it('decodes JSONL objects, skipping blank lines, with CRLF and multi-byte text', async () => {
    // Prepare
    const owned = utf8('{"a":1,"é":"日本"}\r\n\n   \r\n{"b":[true,null],"c":{"d":"😀"}}');
    // Act
    const { rows } = await decodeAll(owned, { format: 'jsonl' });
    // Assess
    expect(rows).toEqual([
      { a: 1, é: '日本' },
      { b: [true, null], c: { d: '😀' } },
    ]);
  });

  it.each([
    { name: 'bad JSON', line: '{"a":', reason: 'invalid JSON' },
    { name: 'an array', line: '[1,2]', reason: 'expected a JSON object, got an array' },
    { name: 'a number', line: '42', reason: 'expected a JSON object, got a number' },
    { name: 'null', line: 'null', reason: 'expected a JSON object, got null' },
  ])('rejects a JSONL line holding $name', async ({ line, reason }) => {
    // Prepare
    const owned = utf8(`{"ok":1}\n\n${line}\r\n{"ok":2}\n`);
    // Act
    const decoded = await decodeAll(owned, {
      format: 'jsonl',
      ownedStart: 50,
      onBadRecord: 'skip',
    });
    const failing = decodeAll(owned, { format: 'jsonl', ownedStart: 50, onBadRecord: 'fail' });
    // Assess
    expect(decoded.rows).toEqual([{ ok: 1 }, { ok: 2 }]);
    expect(decoded.batches.flatMap((batch) => batch.rejects)).toEqual([
      { line: 3, offset: 60, reason: expect.stringContaining(reason), raw: line },
    ]);
    await expect(failing).rejects.toMatchObject({ code: 'BadRecord', line: 3, offset: 60 });
  });
});
