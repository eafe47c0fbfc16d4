import { describe, expect, it } from 'vitest';
import { applyBoxRegression } from './bbox-regression.js';

function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => {
    expect(actual[i]).toBeCloseTo(v, 10);
  });
}

describe('applyBoxRegression', () => {
  const box = Float64Array.of(10, 20, 30, 60);
  const offsets = Float64Array.of(0.1, -0.2, 0.05, 0.5);

  it('measures w = x2 - x1 after P-Net (pixelInclusive false)', () => {
    // w = 20, h = 40:
    // x1 = 10 + 0.1×20 = 12; y1 = 20 - 0.2×40 = 12; x2 = 30 + 0.05×20 = 31; y2 = 60 + 0.5×40 = 80
    expectClose(applyBoxRegression(box, offsets, 1, false), [12, 12, 31, 80]);
  });

  it('measures w = x2 - x1 + 1 after R-Net / O-Net (pixelInclusive true)', () => {
    // w = 21, h = 41:
    // x1 = 10 + 2.1 = 12.1; y1 = 20 - 8.2 = 11.8; x2 = 30 + 1.05 = 31.05; y2 = 60 + 20.5 = 80.5
    expectClose(applyBoxRegression(box, offsets, 1, true), [12.1, 11.8, 31.05, 80.5]);
  });

  it('moves corners outward and inward with negative offsets', () => {
    // Box [0,0,9,9]: w = h = 9 (not inclusive). offsets (-0.5, -1, -0.5, -1):
    // x1 = -4.5, y1 = -9, x2 = 4.5, y2 = 0
    expectClose(
      applyBoxRegression(Float64Array.of(0, 0, 9, 9), Float64Array.of(-0.5, -1, -0.5, -1), 1, false),
      [-4.5, -9, 4.5, 0],
    );
    // inclusive: w = h = 10: x1 = -5, y1 = -10, x2 = 4, y2 = -1
    expectClose(
      applyBoxRegression(Float64Array.of(0, 0, 9, 9), Float64Array.of(-0.5, -1, -0.5, -1), 1, true),
      [-5, -10, 4, -1],
    );
  });

  it('leaves boxes unchanged with zero offsets', () => {
    expectClose(
      applyBoxRegression(Float64Array.of(3, 4, 15, 9), new Float64Array(4), 1, true),
      [3, 4, 15, 9],
    );
  });

  it('handles several boxes, each with its own size and offsets', () => {
    const boxes = Float64Array.of(0, 0, 10, 20, 100, 50, 140, 60);
    const offs = Float64Array.of(0.1, 0.1, 0.1, 0.1, -0.25, 0.5, 0.25, -0.5);
    // box 0: w = 10, h = 20 → [1, 2, 11, 22]
    // box 1: w = 40, h = 10 → [100 - 10, 50 + 5, 140 + 10, 60 - 5] = [90, 55, 150, 55]
    expectClose(applyBoxRegression(boxes, offs, 2, false), [1, 2, 11, 22, 90, 55, 150, 55]);
    // inclusive: box 0: w = 11, h = 21 → [1.1, 2.1, 11.1, 22.1]
    // box 1: w = 41, h = 11 → [89.75, 55.5, 150.25, 54.5]
    expectClose(applyBoxRegression(boxes, offs, 2, true), [1.1, 2.1, 11.1, 22.1, 89.75, 55.5, 150.25, 54.5]);
  });

  it('returns an empty array for count 0', () => {
    expect(applyBoxRegression(box, offsets, 0, false)).toHaveLength(0);
  });

  it('processes only the first `count` boxes and does not modify its inputs', () => {
    const boxes = Float64Array.of(0, 0, 10, 10, 5, 5, 6, 6);
    const offs = Float64Array.of(0.5, 0.5, 0.5, 0.5, 9, 9, 9, 9);
    const out = applyBoxRegression(boxes, offs, 1, false);
    expectClose(out, [5, 5, 15, 15]);
    expect(out).not.toBe(boxes);
    expect(Array.from(boxes)).toEqual([0, 0, 10, 10, 5, 5, 6, 6]);
  });
});
