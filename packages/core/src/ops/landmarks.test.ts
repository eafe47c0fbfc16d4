import { describe, expect, it } from 'vitest';
import { decodeLandmarks } from './landmarks.js';

describe('decodeLandmarks', () => {
  it('maps relative points to pixels as x = (x2 - x1 + 1) px + x1 - 1, interleaved', () => {
    const boxes = Float64Array.of(10, 20, 29, 59, -5.5, 0, 4.5, 9);
    const points = Float32Array.from([
      // box 0: x1…x5, then y1…y5
      ...[0, 0.25, 0.5, 0.75, 1],
      ...[0, 0.25, 0.5, 0.75, 1],
      // box 1
      ...[0.5, 0, 1, 0.25, 0.75],
      ...[0.5, 0.5, 0, 1, 0.25],
    ]);
    const out = decodeLandmarks(boxes, points, 2);
    expect(out).toHaveLength(20);
    // box 0: w = 20, h = 40: x = 20 px + 9 → 9, 14, 19, 24, 29; y = 40 py + 19 → 19, 29, 39, 49, 59
    expect(Array.from(out.subarray(0, 10))).toEqual([9, 19, 14, 29, 19, 39, 24, 49, 29, 59]);
    // box 1: w = 11, h = 10: x = 11 px - 6.5 → -1, -6.5, 4.5, -3.75, 1.75; y = 10 py - 1 → 4, 4, -1, 9, 1.5
    expect(Array.from(out.subarray(10))).toEqual([-1, 4, -6.5, 4, 4.5, -1, -3.75, 9, 1.75, 1.5]);
  });

  it('handles count 0 and ignores boxes past count', () => {
    expect(decodeLandmarks(Float64Array.of(0, 0, 9, 9), new Float32Array(10), 0)).toHaveLength(0);
    const out = decodeLandmarks(Float64Array.of(0, 0, 9, 9, 5, 5, 6, 6), new Float32Array(20).fill(0.5), 1);
    // w = h = 10: 10 × 0.5 + 0 - 1 = 4
    expect(Array.from(out)).toEqual(new Array(10).fill(4));
  });

  it('decodes any number of points per box (x1…xk, then y1…yk)', () => {
    // one box, w = h = 11: three points
    const out = decodeLandmarks(Float64Array.of(1, 1, 11, 11), Float32Array.of(0, 0.5, 1, 1, 0.5, 0), 1, 3);
    expect(Array.from(out)).toEqual([0, 11, 5.5, 5.5, 11, 0]);
  });
});
