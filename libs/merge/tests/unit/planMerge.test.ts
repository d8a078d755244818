import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PART_SIZE,
  DEFAULT_MIN_PART_SIZE,
  GiB,
  MergeError,
  MergeErrorCode,
  planMerge,
  resolveMergePlanOptions,
  sliceLength,
} from '../../src/index.ts';
import type { MergePlanOptions, Piece } from '../../src/index.ts';
import {
  concatBytes,
  describePlan,
  limitsArbitrary,
  lit,
  makePieces,
  obj,
  partKey,
  pieceSpecsArbitrary,
  renderParts,
} from '../helpers/factories.ts';
import type { PieceSpec } from '../helpers/factories.ts';

/** Scaled-down limits: parts of 10..25 bytes. */
const small = { minPartSize: 10, maxPartSize: 25 } as const;

describe('Function: planMerge', () => {
  it.each<{
    name: string;
    specs: PieceSpec[];
    options?: MergePlanOptions;
    layout: string | string[];
  }>([
    { name: 'no pieces', specs: [], layout: 'single:0' },
    { name: 'only empty pieces', specs: [obj(0), lit(0), obj(0)], layout: 'single:0' },
    { name: 'a total below the threshold', specs: [lit(2), obj(3), obj(4)], layout: 'single:9' },
    {
      name: 'small pieces, coalesced into parts of at least the minimum',
      specs: [obj(4), obj(4), obj(4), obj(4), obj(4)],
      layout: ['A:12', 'A:8'],
    },
    {
      name: 'a header and three big parts: header topped up, the rest copied',
      specs: [lit(3), obj(20), obj(20), obj(20)],
      layout: ['A:10', 'C:13', 'C:20', 'C:20'],
    },
    {
      name: 'a big piece whose remainder after topping up is small',
      specs: [lit(3), obj(12)],
      layout: ['A:10', 'A:5'],
    },
    {
      name: 'a big piece exactly at the minimum',
      specs: [obj(10)],
      layout: ['C:10'],
    },
    {
      name: 'a piece over the maximum, split into even copy ranges',
      specs: [obj(60)],
      layout: ['C:20', 'C:20', 'C:20'],
    },
    {
      name: 'a piece over the maximum that does not divide evenly',
      specs: [obj(52)],
      layout: ['C:18', 'C:17', 'C:17'],
    },
    {
      name: 'a long run of literal bytes, cut to stay below twice the minimum',
      specs: [lit(35)],
      layout: ['A:10', 'A:10', 'A:15'],
    },
    {
      name: 'empty pieces between others',
      specs: [obj(0), obj(12), lit(0), obj(0)],
      layout: ['C:12'],
    },
    {
      name: 'a tiny output with singleThreshold 0',
      specs: [obj(3)],
      options: { singleThreshold: 0 },
      layout: ['A:3'],
    },
    {
      name: 'a total below a raised singleThreshold',
      specs: [obj(4), obj(4), obj(4)],
      options: { singleThreshold: 13 },
      layout: 'single:12',
    },
  ])('plans $name', ({ specs, options, layout }) => {
    // Prepare
    const { pieces } = makePieces(specs);

    // Act
    const plan = planMerge(pieces, { ...small, ...options });

    // Assess
    expect(describePlan(plan)).toEqual(layout);
  });

  it('tops up the header with the first bytes of the next object and copies its remainder', () => {
    // Prepare
    const header = new Uint8Array([1, 2, 3]);
    const pieces: Piece[] = [
      { kind: 'bytes', data: header },
      { kind: 'object', key: 'a', size: 20 },
      { kind: 'object', key: 'b', size: 20 },
    ];

    // Act
    const plan = planMerge(pieces, small);

    // Assess
    expect(plan).toEqual({
      kind: 'multipart',
      parts: [
        {
          partNumber: 1,
          source: {
            kind: 'assemble',
            slices: [
              { kind: 'bytes', data: header },
              { kind: 'object', key: 'a', range: { start: 0, end: 7 } },
            ],
          },
        },
        { partNumber: 2, source: { kind: 'copy', key: 'a', range: { start: 7, end: 20 } } },
        { partNumber: 3, source: { kind: 'copy', key: 'b', range: { start: 0, end: 20 } } },
      ],
    });
  });

  it('leaves out the skipped leading bytes of an object piece, copying the rest', () => {
    // Prepare
    const pieces: Piece[] = [
      { kind: 'object', key: 'a', size: 22, skip: 2 },
      { kind: 'object', key: 'b', size: 3 },
    ];

    // Act
    const plan = planMerge(pieces, small);

    // Assess
    expect(plan).toEqual({
      kind: 'multipart',
      parts: [
        { partNumber: 1, source: { kind: 'copy', key: 'a', range: { start: 2, end: 22 } } },
        {
          partNumber: 2,
          source: {
            kind: 'assemble',
            slices: [{ kind: 'object', key: 'b', range: { start: 0, end: 3 } }],
          },
        },
      ],
    });
  });

  it.each([
    { name: 'just below 5 MiB', size: DEFAULT_MIN_PART_SIZE - 1, layout: 'single:5242879' },
    { name: 'exactly 5 MiB', size: DEFAULT_MIN_PART_SIZE, layout: ['C:5242880'] },
    { name: '12 GiB', size: 12 * GiB, layout: ['C:4294967296', 'C:4294967296', 'C:4294967296'] },
  ])('uses S3 limits by default: one object of $name', ({ size, layout }) => {
    // Prepare
    const pieces: Piece[] = [{ kind: 'object', key: partKey(0), size }];

    // Act
    const plan = planMerge(pieces);

    // Assess
    expect(describePlan(plan)).toEqual(layout);
  });

  it('throws TooManyParts with the numbers and advice when parts exceed maxParts', () => {
    // Prepare
    const { pieces } = makePieces([obj(10), obj(10), obj(10), obj(10)]);

    // Act
    const act = (): unknown => planMerge(pieces, { ...small, maxParts: 3 });

    // Assess
    expect(act).toThrow(MergeError);
    expect(act).toThrow(expect.objectContaining({ code: MergeErrorCode.tooManyParts }));
    expect(act).toThrow(/4 pieces \(40 bytes\) needs 4 parts.*at most 3.*larger chunk size/);
  });

  it('accepts exactly maxParts parts', () => {
    // Prepare
    const { pieces } = makePieces([obj(10), obj(10), obj(10)]);

    // Act
    const plan = planMerge(pieces, { ...small, maxParts: 3 });

    // Assess
    expect(describePlan(plan)).toEqual(['C:10', 'C:10', 'C:10']);
  });

  it.each<{ options: Record<string, unknown>; message: RegExp }>([
    { options: { minPartSize: 0 }, message: /minPartSize .* got 0/ },
    { options: { minPartSize: 1.5 }, message: /minPartSize .* got 1.5/ },
    { options: { minPartSize: 10, maxPartSize: 19 }, message: /maxPartSize .*\(20\), got 19/ },
    { options: { maxParts: 0 }, message: /maxParts .* got 0/ },
    { options: { singleThreshold: -1 }, message: /singleThreshold .* got -1/ },
    {
      options: { minPartSize: 10, maxPartSize: 20, singleThreshold: 21 },
      message: /singleThreshold .*\(20\), got 21/,
    },
    { options: { minPartsize: 10 }, message: /unknown merge plan option 'minPartsize'/ },
  ])('rejects options $options', ({ options, message }) => {
    // Act
    const act = (): unknown => planMerge([], options as MergePlanOptions);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: MergeErrorCode.invalidOptions }));
    expect(act).toThrow(message);
  });

  it.each<{ name: string; piece: unknown; message: RegExp }>([
    {
      name: 'a negative size',
      piece: { kind: 'object', key: 'k', size: -1 },
      message: /piece 1 \(k\) has size -1/,
    },
    {
      name: 'a fractional size',
      piece: { kind: 'object', key: 'k', size: 2.5 },
      message: /size 2.5/,
    },
    {
      name: 'an empty key',
      piece: { kind: 'object', key: '', size: 3 },
      message: /piece 1 has an empty object key/,
    },
    {
      name: 'data that is not bytes',
      piece: { kind: 'bytes', data: 'abc' },
      message: /not a Uint8Array/,
    },
    { name: 'an unknown kind', piece: { kind: 'file', key: 'k' }, message: /unknown kind "file"/ },
    {
      name: 'a skip beyond its size',
      piece: { kind: 'object', key: 'k', size: 3, skip: 4 },
      message: /piece 1 \(k\) skips 4 bytes of 3/,
    },
  ])('rejects a piece with $name', ({ piece, message }) => {
    // Prepare
    const pieces = [{ kind: 'object', key: 'ok', size: 1 }, piece] as Piece[];

    // Act
    const act = (): unknown => planMerge(pieces, small);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: MergeErrorCode.invalidPiece }));
    expect(act).toThrow(message);
  });

  describe('invariants over random layouts', () => {
    const layouts = limitsArbitrary().chain((limits) =>
      fc.record({
        limits: fc.constant(limits),
        specs: pieceSpecsArbitrary(limits.minPartSize),
        singleThreshold: fc.integer({ min: 0, max: 2 * limits.minPartSize }),
      }),
    );

    it('reproduces the concatenation of the pieces byte for byte', () => {
      fc.assert(
        fc.property(layouts, ({ limits, specs, singleThreshold }) => {
          // Prepare
          const { pieces, sources, expected } = makePieces(specs);

          // Act
          const plan = planMerge(pieces, { ...limits, singleThreshold });

          // Assess
          expect(concatBytes(renderParts(plan, sources))).toEqual(expected);
        }),
      );
    });

    it('is a single put exactly when the output is empty or below singleThreshold', () => {
      fc.assert(
        fc.property(layouts, ({ limits, specs, singleThreshold }) => {
          // Prepare
          const { pieces, expected } = makePieces(specs);

          // Act
          const plan = planMerge(pieces, { ...limits, singleThreshold });

          // Assess
          const single = expected.length === 0 || expected.length < singleThreshold;
          expect(plan.kind).toBe(single ? 'single' : 'multipart');
        }),
      );
    });

    it('keeps every part within S3 limits and every assembled part below twice the minimum', () => {
      fc.assert(
        fc.property(layouts, ({ limits, specs, singleThreshold }) => {
          // Prepare
          const { pieces } = makePieces(specs);

          // Act
          const plan = planMerge(pieces, { ...limits, singleThreshold });

          // Assess
          if (plan.kind === 'single') return;
          const { minPartSize, maxPartSize } = limits;
          expect(plan.parts.map((part) => part.partNumber)).toEqual(
            plan.parts.map((_, index) => index + 1),
          );
          plan.parts.forEach(({ source }, index) => {
            const size =
              source.kind === 'copy'
                ? source.range.end - source.range.start
                : source.slices.reduce((sum, slice) => sum + sliceLength(slice), 0);
            expect(size).toBeGreaterThan(0);
            expect(size).toBeLessThanOrEqual(maxPartSize);
            if (index < plan.parts.length - 1) expect(size).toBeGreaterThanOrEqual(minPartSize);
            if (source.kind === 'assemble') expect(size).toBeLessThan(2 * minPartSize);
            if (source.kind === 'copy') expect(size).toBeGreaterThanOrEqual(minPartSize);
          });
        }),
      );
    });
  });
});

describe('Function: resolveMergePlanOptions', () => {
  it('applies S3 defaults, with singleThreshold following minPartSize', () => {
    // Act
    const defaults = resolveMergePlanOptions();
    const scaled = resolveMergePlanOptions({ minPartSize: 7, maxPartSize: 14 });

    // Assess
    expect(defaults).toEqual({
      minPartSize: DEFAULT_MIN_PART_SIZE,
      maxPartSize: DEFAULT_MAX_PART_SIZE,
      maxParts: 10_000,
      singleThreshold: DEFAULT_MIN_PART_SIZE,
    });
    expect(scaled.singleThreshold).toBe(7);
  });
});
