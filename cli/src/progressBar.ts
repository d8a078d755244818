import type { JobStatus } from '@chunkline/contracts';

const MB = 1e6;

/** Human-readable bytes: 1.2 GB, 35.0 MB, 512 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/**
 * One line of progress for a job: a bar of chunks done, bytes read of the source, the rate
 * since the job was created, and its state. Pure, so it is tested without a terminal.
 */
export function renderProgress(status: JobStatus, width = 30): string {
  const { total, done, failed } = status.chunks;
  const fraction = status.state === 'succeeded' ? 1 : total === 0 ? 0 : Math.min(1, done / total);
  const filled = Math.floor(fraction * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const seconds = Math.max(status.timings.elapsedMs / 1000, 0.001);
  const bytesIn = status.state === 'succeeded' ? status.source.size : status.bytes.in;
  const rate = `${(bytesIn / MB / seconds).toFixed(1)} MB/s`;
  const failures = failed > 0 ? `  ${failed} failed` : '';
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${done}/${total} chunks  ${formatBytes(bytesIn)}/${formatBytes(status.source.size)}  ${rate}  ${status.state}${failures}`;
}

/** Terminal states: nothing more will change. */
export function isFinished(status: JobStatus): boolean {
  return status.state === 'succeeded' || status.state === 'failed';
}

/** What an upload's progress line shows. */
export interface UploadProgressView {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly bytesSent: number;
  readonly partsDone: number;
  readonly partCount: number;
  readonly elapsedMs: number;
}

/**
 * One line of progress for `chunkline upload`: a bar of bytes done (reused parts count as
 * done), parts, bytes and the rate of this run's sends.
 */
export function renderUploadProgress(view: UploadProgressView, width = 30): string {
  const fraction =
    view.bytesTotal === 0
      ? view.partsDone / Math.max(1, view.partCount)
      : Math.min(1, view.bytesDone / view.bytesTotal);
  const filled = Math.floor(fraction * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const rate = `${(view.bytesSent / MB / Math.max(view.elapsedMs / 1000, 0.001)).toFixed(1)} MB/s`;
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${view.partsDone}/${view.partCount} parts  ${formatBytes(view.bytesDone)}/${formatBytes(view.bytesTotal)}  ${rate}`;
}
