import { describe, expect, it } from 'vitest';
import { iou } from './iou.js';

describe('iou', () => {
  it('is 1 for identical boxes', () => {
    expect(iou([10, 20, 30, 60], [10, 20, 30, 60])).toBe(1);
  });

  it('is 0 for disjoint boxes', () => {
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
    // Overlapping in x only.
    expect(iou([0, 0, 10, 10], [5, 20, 15, 30])).toBe(0);
    // Overlapping in y only.
    expect(iou([0, 0, 10, 10], [20, 5, 30, 15])).toBe(0);
  });

  it('is 0 for boxes that only touch along an edge or at a corner (continuous areas)', () => {
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [0, 10, 10, 20])).toBe(0);
    expect(iou([0, 0, 10, 10], [10, 10, 20, 20])).toBe(0);
  });

  it('is the area ratio for a box contained in another', () => {
    // inner 2×2 = 4, outer 10×10 = 100, union = 100 → 0.04
    expect(iou([0, 0, 10, 10], [2, 2, 4, 4])).toBeCloseTo(0.04, 15);
    expect(iou([2, 2, 4, 4], [0, 0, 10, 10])).toBeCloseTo(0.04, 15);
  });

  it('computes a partial overlap by hand', () => {
    // intersection [5,5,10,10] = 25; union = 100 + 100 - 25 = 175 → 1/7
    expect(iou([0, 0, 10, 10], [5, 5, 15, 15])).toBeCloseTo(1 / 7, 15);
    // intersection [4,0,8,6] = 4×6 = 24; areas 8×6 = 48 and 6×10 = 60; union = 84 → 2/7
    expect(iou([0, 0, 8, 6], [4, -4, 10, 6])).toBeCloseTo(24 / 84, 15);
  });

  it('is symmetric', () => {
    const a = [1.5, 2.25, 11, 9];
    const b = [3, 0, 14.5, 7.75];
    expect(iou(a, b)).toBe(iou(b, a));
    expect(iou(a, b)).toBeGreaterThan(0);
  });

  it('accepts typed arrays', () => {
    expect(iou(new Float64Array([0, 0, 10, 10]), new Float32Array([5, 5, 15, 15]))).toBeCloseTo(1 / 7, 15);
  });

  it('is 0 for degenerate (zero-area) boxes', () => {
    // zero width with itself
    expect(iou([5, 0, 5, 10], [5, 0, 5, 10])).toBe(0);
    // zero height with itself
    expect(iou([0, 5, 10, 5], [0, 5, 10, 5])).toBe(0);
    // a point
    expect(iou([3, 3, 3, 3], [3, 3, 3, 3])).toBe(0);
    // a zero-width box lying inside a real one
    expect(iou([2, 2, 2, 8], [0, 0, 10, 10])).toBe(0);
  });

  it('is 0 for inverted boxes (x2 < x1)', () => {
    expect(iou([10, 0, 0, 10], [0, 0, 10, 10])).toBe(0);
  });
});
