import { describe, expect, it } from 'vitest';
import { numpyArgsort, numpyNms } from './numpy-nms.js';

describe('numpyArgsort', () => {
  it("gives numpy's order among equal values, past its insertion-sort size", () => {
    // np.argsort(v) of float32 values with numpy's generic introsort (numpy 1.24's; a numpy 2 whose SIMD sort is
    // switched off, NPY_DISABLE_CPU_FEATURES, gives the same), recorded.
    const v = [
      3, 2, 2, 3, 2, 3, 3, 0, 0, 1, 1, 3, 3, 0, 1, 3, 0, 3, 0, 1, 3, 1, 1, 1, 2, 1, 3, 1, 1, 2, 2, 2, 2, 3, 3,
      3, 2, 2, 1, 3,
    ];
    const numpy = [
      18, 7, 8, 16, 13, 19, 25, 23, 22, 21, 38, 27, 14, 10, 9, 28, 32, 31, 36, 30, 4, 37, 2, 24, 1, 29, 34,
      35, 33, 0, 20, 17, 15, 12, 11, 6, 5, 3, 26, 39,
    ];
    expect(Array.from(numpyArgsort(Float32Array.from(v)))).toEqual(numpy);
  });

  it('is a stable ascending sort up to 16 values (insertion sort)', () => {
    const v = Float32Array.from([0.5, 0.25, 0.5, 0.75, 0.25, 0.5]);
    expect(Array.from(numpyArgsort(v))).toEqual([1, 4, 0, 2, 5, 3]);
  });

  it('sorts large arrays ascending (and falls back to heapsort without losing values)', () => {
    const v = Float32Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 613) / 613);
    const order = numpyArgsort(v);
    expect(new Set(order).size).toBe(v.length);
    for (let k = 1; k < order.length; k++) expect(v[order[k]!]!).toBeGreaterThanOrEqual(v[order[k - 1]!]!);
  });
});

describe('numpyNms', () => {
  it("keeps, of two nested boxes with equal scores, the later one (numpy's argsort puts it last)", () => {
    const boxes = Float64Array.from([0, 0, 100, 100, 10, 10, 90, 90]);
    const scores = Float64Array.from([1, 1]);
    expect(numpyNms(boxes, scores, 0.7, 'min')).toEqual([1]);
  });

  it('measures the smaller box pixel-inclusive and keeps overlaps equal to the threshold', () => {
    // Inner box 0…9 (10 × 10 = 100 pixels) of which columns 0…4 lie in the other: 'min' overlap exactly 0.5.
    const boxes = Float64Array.from([-5, 0, 4, 9, 0, 0, 9, 9]);
    const scores = Float64Array.from([0.9, 0.8]);
    expect(numpyNms(boxes, scores, 0.5, 'min')).toEqual([0, 1]);
    expect(numpyNms(boxes, scores, 0.49, 'min')).toEqual([0]);
  });
});
