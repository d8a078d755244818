import { RecordCutter, readOffset } from '../../src/index.ts';
import type { CutResult, RecordCutterOptions } from '../../src/index.ts';
import { collect, sourceOf, text, utf8 } from './bytes.ts';
import type { Pieces } from './bytes.ts';

/** A CSV object: header `h1,h2\n` (dataStart 6), then `body`. */
export function csvObject(body: string) {
  const bytes = utf8(`h1,h2\n${body}`);
  return { bytes, base: { format: 'csv', dataStart: 6, objectSize: bytes.length } as const };
}

/** Cut `bytes` with these options, feeding it in `pieces`; the owned text and the result. */
export async function cut(
  bytes: Uint8Array,
  options: RecordCutterOptions,
  pieces: Pieces = { kind: 'random', seed: 7 },
): Promise<{ owned: string; result: CutResult }> {
  const cutter = new RecordCutter(options);
  const from = readOffset(options);
  const owned = await collect(cutter.cut(sourceOf(bytes, from, pieces)));
  return { owned: text(owned), result: cutter.result };
}
