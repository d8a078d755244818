import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOG_LEVELS, createLogger } from '../src/index.ts';
import type { LogLevel } from '../src/index.ts';

const NOW = '2024-05-01T12:00:00.000Z';

/** A writer that keeps every line written. */
function capture(): { lines: string[]; write: (line: string) => void } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line) };
}

/** The JSON objects of the captured lines. */
function parsed(lines: readonly string[]): unknown[] {
  return lines.map((line) => JSON.parse(line) as unknown);
}

describe('Function: createLogger', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(NOW) });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes one JSON line per event with time, level, service, event and fields', () => {
    // Prepare
    const out = capture();
    const log = createLogger('processor', 'info', out.write);

    // Act
    log.info('chunk.done', { jobId: 'abc', index: 3, final: false, note: null });

    // Assess
    expect(out.lines).toEqual([
      '{"time":"2024-05-01T12:00:00.000Z","level":"info","service":"processor","event":"chunk.done","jobId":"abc","index":3,"final":false,"note":null}\n',
    ]);
  });

  it('writes each event on a line of its own, even when a field holds a line break', () => {
    // Prepare
    const out = capture();
    const log = createLogger('merger', 'debug', out.write);

    // Act
    log.warn('a', { reason: 'first line\nsecond line' });
    log.error('b');

    // Assess
    expect(out.lines).toHaveLength(2);
    expect(
      out.lines.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1),
    ).toBe(true);
    expect(parsed(out.lines)).toEqual([
      {
        time: NOW,
        level: 'warn',
        service: 'merger',
        event: 'a',
        reason: 'first line\nsecond line',
      },
      { time: NOW, level: 'error', service: 'merger', event: 'b' },
    ]);
  });

  it('leaves out fields whose value is undefined', () => {
    // Prepare
    const out = capture();
    const log = createLogger('dispatcher', 'info', out.write);

    // Act
    log.info('ingest.skipped', { key: 'a.csv', reason: undefined });

    // Assess
    expect(parsed(out.lines)).toEqual([
      { time: NOW, level: 'info', service: 'dispatcher', event: 'ingest.skipped', key: 'a.csv' },
    ]);
  });

  it.each([
    { level: 'debug', written: ['debug', 'info', 'warn', 'error'] },
    { level: 'info', written: ['info', 'warn', 'error'] },
    { level: 'warn', written: ['warn', 'error'] },
    { level: 'error', written: ['error'] },
  ] as const)('at level $level writes only $written', ({ level, written }) => {
    // Prepare
    const out = capture();
    const log = createLogger('processor', level, out.write);

    // Act
    for (const at of LOG_LEVELS) log[at](`event.${at}`);

    // Assess
    expect(parsed(out.lines).map((line) => (line as { level: LogLevel }).level)).toEqual(written);
  });

  it('drops debug events by default', () => {
    // Prepare
    const out = capture();
    const log = createLogger('processor', undefined, out.write);

    // Act
    log.debug('noise');
    log.info('signal');

    // Assess
    expect(parsed(out.lines)).toEqual([
      { time: NOW, level: 'info', service: 'processor', event: 'signal' },
    ]);
  });

  it('adds a child’s fields to every line it writes, after the core fields', () => {
    // Prepare
    const out = capture();
    const log = createLogger('processor', 'info', out.write);

    // Act
    const child = log.child({ jobId: 'job-1' }).child({ chunk: 7 });
    child.info('chunk.started');
    child.warn('chunk.retry', { attempt: 2 });

    // Assess
    expect(out.lines).toEqual([
      '{"time":"2024-05-01T12:00:00.000Z","level":"info","service":"processor","event":"chunk.started","jobId":"job-1","chunk":7}\n',
      '{"time":"2024-05-01T12:00:00.000Z","level":"warn","service":"processor","event":"chunk.retry","jobId":"job-1","chunk":7,"attempt":2}\n',
    ]);
  });

  it('lets a field given with the event replace the same child field', () => {
    // Prepare
    const out = capture();
    const child = createLogger('processor', 'info', out.write).child({ chunk: 1 });

    // Act
    child.info('chunk.moved', { chunk: 2 });

    // Assess
    expect(parsed(out.lines)).toEqual([
      { time: NOW, level: 'info', service: 'processor', event: 'chunk.moved', chunk: 2 },
    ]);
  });

  it('keeps the parent’s level in a child, and leaves the parent’s lines unchanged', () => {
    // Prepare
    const out = capture();
    const log = createLogger('merger', 'warn', out.write);
    const child = log.child({ jobId: 'job-2' });

    // Act
    child.info('dropped');
    child.error('kept');
    log.error('parent');

    // Assess
    expect(parsed(out.lines)).toEqual([
      { time: NOW, level: 'error', service: 'merger', event: 'kept', jobId: 'job-2' },
      { time: NOW, level: 'error', service: 'merger', event: 'parent' },
    ]);
  });
});
