import { describe, expect, it } from 'vitest';
import { applyBoxRegression } from './bbox-regression.js';
import { applyBoxRegressionFloat32, decodeLandmarksFloat32, squareBoxesFloat32 } from './float32-boxes.js';
import { decodeLandmarks } from './landmarks.js';
import { squareBoxes } from './square.js';

const f32 = Math.fround;

describe('float32 box arithmetic (facenet-pytorch)', () => {
  it('regresses with each step rounded to float32', () => {
    const boxes = Float64Array.from([100.3, 50.1, 300.7, 260.9].map(f32));
    const offsets = Float64Array.from([0.013, -0.021, 0.037, 0.005].map(f32));
    const out = applyBoxRegressionFloat32(boxes, offsets, 1, true);
    const w = f32(f32(boxes[2]! - boxes[0]!) + 1);
    expect(out[0]).toBe(f32(boxes[0]! + f32(offsets[0]! * w)));
    for (const v of out) expect(f32(v)).toBe(v);
    // Close to the double-precision result, and not equal to it.
    const double = applyBoxRegression(boxes, offsets, 1, true);
    out.forEach((v, k) => {
      expect(Math.abs(v - double[k]!)).toBeLessThan(1e-4);
    });
    expect(Array.from(out)).not.toEqual(Array.from(double));
  });

  it('squares like rerec: x2 = x1 + side in float32', () => {
    const boxes = Float64Array.from([10.1, 20.2, 50.7, 90.3].map(f32));
    const out = squareBoxesFloat32(boxes, 1);
    const side = f32(boxes[3]! - boxes[1]!);
    expect(out[2]).toBe(f32(out[0]! + side));
    expect(out[3]).toBe(f32(out[1]! + side));
    squareBoxes(boxes, 1).forEach((v, k) => {
      expect(Math.abs(v - out[k]!)).toBeLessThan(1e-5);
    });
  });

  it('places landmarks as w × p + x1 - 1 in float32', () => {
    const boxes = Float64Array.from([10.5, 20.25, 110.5, 120.25]);
    const points = Float32Array.from([0.3, 0.7, 0.5, 0.35, 0.65, 0.4, 0.4, 0.6, 0.8, 0.8]);
    const out = decodeLandmarksFloat32(boxes, points, 1);
    expect(out[0]).toBe(f32(f32(f32(101 * points[0]!) + 10.5) - 1));
    decodeLandmarks(boxes, points, 1).forEach((v, k) => {
      expect(Math.abs(v - out[k]!)).toBeLessThan(1e-4);
    });
  });
});
