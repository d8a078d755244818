import type { ObjectRef } from '@chunkline/contracts';

/** What a single-process contender is given (as JSON on its command line). */
export interface ContenderJob {
  readonly endpoint: string;
  readonly input: ObjectRef;
  readonly output: ObjectRef;
  /** Directory for local files (DuckDB's download and result). */
  readonly workDir: string;
  /** The storage floor's chunking and output size, taken from the Chunkline run it mirrors. */
  readonly storageFloor?: StorageFloorShape;
}

/** What the storage floor repeats of a Chunkline run: its default plan, and its output's size. */
export interface StorageFloorShape {
  readonly chunkSize: number;
  readonly singleChunkThreshold: number;
  /** Chunks read and written at once: processors × each one's concurrency. */
  readonly chunksInFlight: number;
  readonly outputBytes: number;
}

/** What a single-process contender reports (as its last line of stdout). */
export interface ContenderOutcome {
  /** From the first request to the output being visible. */
  readonly seconds: number;
  readonly outputBytes: number;
  /** Phases of the run, in seconds, where the contender has them (DuckDB). */
  readonly phases?: Readonly<Record<string, number>>;
}
