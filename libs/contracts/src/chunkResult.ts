import { z } from 'zod';

/** Where a JSON array lexer stands at a byte offset (depth 1: directly inside the array). */
export const jsonStateSchema = z.strictObject({
  inString: z.boolean(),
  escaped: z.boolean(),
  depth: z.number().int().min(0),
});

/**
 * What a processor records when a chunk is done: the body of its done marker. The merger
 * and the status view read these; nothing here is record content.
 */
export const chunkResultSchema = z.strictObject({
  v: z.literal(1),
  index: z.number().int().min(0),
  part: z.strictObject({
    key: z.string(),
    size: z.number().int().min(0),
    /**
     * Leading bytes to leave out when this part opens the output: a JSON array part starts
     * with the separator that follows the previous element, which the first must not have.
     */
    lead: z.number().int().min(0).optional(),
  }),
  rejects: z.strictObject({ key: z.string(), count: z.number().int().min(1) }).optional(),
  bytesIn: z.number().int().min(0),
  rowsIn: z.number().int().min(0),
  rowsOut: z.number().int().min(0),
  /** CSV only: the quote state the chunk started in, and the parity of its quotes. */
  quote: z
    .strictObject({
      startState: z.enum(['outside', 'inside']),
      how: z.enum(['given', 'inferred', 'assumed']),
      parity: z.union([z.literal(0), z.literal(1)]),
    })
    .optional(),
  /** JSON arrays only: the lexer state the chunk started in, and the state at its end. */
  json: z
    .strictObject({
      startState: jsonStateSchema,
      how: z.enum(['given', 'inferred', 'assumed']),
      endState: jsonStateSchema,
      /** The guessed start state failed on the chunk's bytes: the merger must re-run it. */
      unproven: z.literal(true).optional(),
    })
    .optional(),
  /** Parquet output only: the part's row groups, for the footer the merger writes. */
  parquet: z.unknown().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type ChunkResult = z.infer<typeof chunkResultSchema>;

/** A failed attempt at a chunk, kept so status can say which chunk failed, where and why. */
export const chunkFailureSchema = z.strictObject({
  v: z.literal(1),
  index: z.number().int().min(0),
  /** The object (and ZIP entry) the chunk reads, for prefix and archive jobs. */
  object: z.string().optional(),
  code: z.string(),
  message: z.string(),
  offset: z.number().int().min(0).optional(),
  line: z.number().int().min(1).optional(),
  attempts: z.number().int().min(1),
  /** True when no further attempt will be made: the job has failed. */
  final: z.boolean(),
  at: z.string(),
});
export type ChunkFailure = z.infer<typeof chunkFailureSchema>;
