import { describe, expect, test } from 'vitest';
import { median, quantile, summarizeRuns } from './stats.js';

describe('quantile', () => {
  test('interpolates between the closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.9)).toBeCloseTo(19);
    expect(quantile([5, 1, 3], 0)).toBe(1);
    expect(quantile([5, 1, 3], 1)).toBe(5);
  });

  test('is NaN without values and clamps q', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, 2], 2)).toBe(2);
  });

  test('median of an odd count is the middle value', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
});

describe('summarizeRuns', () => {
  test('first run apart, steady state over the rest', () => {
    expect(summarizeRuns([100, 10, 20, 30])).toEqual({ first: 100, median: 20, p90: 28, steadyRuns: 3 });
  });

  test('skips runs where the part did not happen, and is undefined without a first run', () => {
    expect(summarizeRuns([5, undefined, 7])).toEqual({ first: 5, median: 7, p90: 7, steadyRuns: 1 });
    expect(summarizeRuns([undefined, 3])).toBeUndefined();
  });

  test('a single run has a first run and no steady state', () => {
    const s = summarizeRuns([4])!;
    expect(s.first).toBe(4);
    expect(s.median).toBeNaN();
    expect(s.steadyRuns).toBe(0);
  });
});
