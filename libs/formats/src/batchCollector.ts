import type { Row } from '@chunkline/contracts';
import type { RecordBatch, RecordLocation, RejectedRecord } from './types.ts';

/** Collects decoded records and rejects, and hands them out in batches. Internal. */
export class BatchCollector<R = Row> {
  readonly size: number;
  rows: R[] = [];
  /** Where each row starts, parallel to `rows`. */
  locations: RecordLocation[] = [];
  rejects: RejectedRecord[] = [];

  constructor(size: number) {
    this.size = size;
  }

  /** Add a decoded record and where it starts. */
  addRow(row: R, line: number, offset: number): void {
    this.rows.push(row);
    this.locations.push({ line, offset });
  }

  /** Rows and rejects collected and not yet taken. */
  get count(): number {
    return this.rows.length + this.rejects.length;
  }

  get full(): boolean {
    return this.count >= this.size;
  }

  /** Take at most `size` rows and rejects, oldest first. */
  take(): RecordBatch<R> {
    const rows = this.rows.length <= this.size ? this.rows : this.rows.slice(0, this.size);
    const locations = rows === this.rows ? this.locations : this.locations.slice(0, this.size);
    this.locations = rows === this.rows ? [] : this.locations.slice(this.size);
    this.rows = rows === this.rows ? [] : this.rows.slice(this.size);
    const room = this.size - rows.length;
    const rejects = this.rejects.length <= room ? this.rejects : this.rejects.slice(0, room);
    this.rejects = rejects === this.rejects ? [] : this.rejects.slice(room);
    return { rows, locations, rejects };
  }
}
