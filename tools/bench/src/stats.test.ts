import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.js';

describe('timing statistics', () => {
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('nearest-rank p90 is a measured value', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(sorted, 90)).toBe(18);
    expect(percentile([5], 90)).toBe(5);
  });

  it('summarize does not reorder its input', () => {
    const values = [5, 1, 4];
    expect(summarize(values)).toEqual({ runs: 3, median: 4, p90: 5, min: 1, mean: 10 / 3 });
    expect(values).toEqual([5, 1, 4]);
  });

  it('rejects empty samples', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});
