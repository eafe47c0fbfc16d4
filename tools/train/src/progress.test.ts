// The progress display: a redrawn line on a terminal, a line every few seconds elsewhere, rates and ETA.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatReport, Progress, type ProgressStream } from './progress.js';

function recorder(isTTY: boolean, columns?: number): ProgressStream & { text: string } {
  return {
    isTTY,
    columns,
    text: '',
    write(t: string) {
      this.text += t;
    },
  };
}

describe('Progress', () => {
  it('on a terminal, redraws one line at most every 100 ms and ends it at finish', () => {
    let now = 0;
    const stream = recorder(true);
    const bar = new Progress(stream, 'pnet fit', { now: () => now });
    for (let step = 1; step <= 50; step++) {
      now += 10;
      bar.update({
        done: step * 384,
        total: 100 * 384,
        unit: 'samples/s',
        prefix: 'epoch 1/2',
        suffix: 'loss 0.5',
      });
    }
    bar.finish();
    // Redraws at t = 10, 110, 210, 310, 410, then the last report (t = 500) at finish.
    expect(stream.text.split('\r\x1b[K').length - 1).toBe(6);
    expect(stream.text.endsWith('\n')).toBe(true);
    expect(stream.text.split('\n').length).toBe(2);
    const last = stream.text.split('\r\x1b[K').at(-1)!;
    // 50 steps of 384 samples over 0.49 s from the first report: 49 × 384 / 0.49 = 38,400 samples/s.
    expect(last).toContain(
      'pnet fit  epoch 1/2  [##########----------] 19200/38400  38,400 samples/s  loss 0.5',
    );
    // 19,200 samples left at that rate: 0.5 s.
    expect(last).toContain('ETA 0:01');
  });

  it('elsewhere, writes a line every interval and the last state at finish, once', () => {
    let now = 0;
    const stream = recorder(false);
    const bar = new Progress(stream, 'rnet mine', { now: () => now, intervalMs: 5000 });
    for (let photo = 1; photo <= 30; photo++) {
      now += 1000;
      bar.update({ done: photo, total: 40, unit: 'photos/s' });
    }
    bar.finish();
    bar.finish();
    const lines = stream.text.trim().split('\n');
    // At 1 s, 6 s, 11 s, 16 s, 21 s, 26 s, then 30 s at finish.
    expect(lines.length).toBe(7);
    expect(lines.at(-1)).toBe('rnet mine  [###############-----] 30/40  1.0 photos/s  ETA 0:10');
    expect(stream.text).not.toContain('\r');
  });

  it('shows the last report of a finished task at once, and a given rate over the measured one', () => {
    let now = 0;
    const stream = recorder(false);
    const bar = new Progress(stream, 'export', { now: () => now });
    bar.update({ done: 0, total: 3 });
    now += 10;
    bar.update({ done: 3, total: 3, rate: 12.5 });
    expect(stream.text.trim().split('\n').at(-1)).toBe(
      'export  [####################] 3/3  12.5 items/s  ETA 0:00',
    );
  });

  it('keeps other output apart from the bar and clips the bar to the terminal', () => {
    const stream = recorder(true, 40);
    const bar = new Progress(stream, 'onet fit', { now: () => 0 });
    bar.update({ done: 1, total: 2 });
    bar.log('checkpoint written');
    expect(stream.text).toContain('\r\x1b[Kcheckpoint written\n');
    for (const line of stream.text.replaceAll('\r\x1b[K', '\n').split('\n'))
      expect(line.length).toBeLessThan(40);
  });

  it('formats durations and reports', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatReport('x', { done: 0, total: 10 }, Number.NaN)).toBe(
      'x  [--------------------] 0/10  - items/s  ETA --:--',
    );
  });
});
