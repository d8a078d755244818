/**
 * Reads the bytes `[start, end)` of one object (end exclusive), e.g. a ranged S3 GET. It
 * resolves with exactly `end - start` bytes unless the object is shorter. The only I/O the
 * range-reading formats (Parquet, and any other format read by its index) need.
 */
export type RangeReader = (range: { start: number; end: number }) => Promise<Uint8Array>;
