import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, ProgressBar } from './progress.js';

describe('formatDuration', () => {
  it('writes m:ss, h:mm:ss past an hour, and --:-- when unknown', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75.4)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--:--');
  });
});

describe('formatProgress', () => {
  it('shows the bar, the count, the rate and the time left', () => {
    // 12 of 48 in 4 s: 3 images/s, 36 left → 12 s.
    expect(formatProgress(12, 48, 4000)).toBe('[######------------------] 12/48  3.0 img/s  ETA 0:12');
    expect(formatProgress(0, 10, 0)).toBe('[------------------------] 0/10  0.0 img/s  ETA --:--');
    expect(formatProgress(10, 10, 5000)).toMatch(/^\[#{24}\] 10\/10 {2}2\.0 img\/s {2}ETA 0:00$/);
  });
});

describe('ProgressBar', () => {
  it('redraws in place, steps aside for other output, and erases itself at the end', () => {
    const writes: string[] = [];
    let clock = 0;
    const bar = new ProgressBar({ write: (t: string) => writes.push(t), columns: 200 }, 3, () => clock);
    clock = 1000;
    bar.tick();
    bar.around(() => writes.push('a line\n'));
    clock = 3000;
    bar.tick();
    bar.tick();
    bar.finish();
    const text = writes.join('');
    expect(text).toContain('0/3');
    expect(text).toContain('1/3');
    expect(text).toContain('\r\x1b[Ka line\n');
    expect(text).toContain('3/3');
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });
});
