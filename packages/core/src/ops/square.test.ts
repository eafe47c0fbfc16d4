import { describe, expect, it } from 'vitest';
import { squareBoxes } from './square.js';

describe('squareBoxes (reference rerec)', () => {
  it('grows a wide box vertically around its centre', () => {
    // w = 40, h = 20, side 40: x1 = 10 + 20 - 20 = 10; y1 = 20 + 10 - 20 = 10
    expect(Array.from(squareBoxes(Float64Array.of(10, 20, 50, 40), 1))).toEqual([10, 10, 50, 50]);
  });

  it('grows a tall box horizontally around its centre', () => {
    // w = 10, h = 30, side 30: x1 = 0 + 5 - 15 = -10; y1 = 0
    expect(Array.from(squareBoxes(Float64Array.of(0, 0, 10, 30), 1))).toEqual([-10, 0, 20, 30]);
  });

  it('leaves a square box as it is', () => {
    expect(Array.from(squareBoxes(Float64Array.of(3.5, 7.25, 13.5, 17.25), 1))).toEqual([
      3.5, 7.25, 13.5, 17.25,
    ]);
  });

  it('uses w = x2 - x1 (not + 1) and keeps fractional and negative coordinates', () => {
    // w = 5, h = 2, side 5: y1 = 0 + 1 - 2.5 = -1.5, y2 = 3.5
    expect(Array.from(squareBoxes(Float64Array.of(0, 0, 5, 2), 1))).toEqual([0, -1.5, 5, 3.5]);
    // Partly outside the image: w = 20, h = 10, side 20: y1 = -5 + 5 - 10 = -10
    expect(Array.from(squareBoxes(Float64Array.of(-10, -5, 10, 5), 1))).toEqual([-10, -10, 10, 10]);
  });

  it('squares several boxes independently and only the first `count`', () => {
    const input = Float64Array.of(10, 20, 50, 40, 0, 0, 10, 30, 1, 1, 2, 9);
    expect(Array.from(squareBoxes(input, 2))).toEqual([10, 10, 50, 50, -10, 0, 20, 30]);
    expect(Array.from(input)).toEqual([10, 20, 50, 40, 0, 0, 10, 30, 1, 1, 2, 9]);
  });

  it('returns an empty array for count 0', () => {
    expect(squareBoxes(Float64Array.of(0, 0, 1, 2), 0)).toHaveLength(0);
  });
});
