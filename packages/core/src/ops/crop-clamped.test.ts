import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { clampedCropRegion, cropAndResize } from './crop-resize.js';
import { normalizePixel } from './normalize.js';

describe('clampedCropRegion (facenet-pytorch pad)', () => {
  it('truncates, clamps to 1 … size and takes 0-based pixels trunc(x1) - 1 … trunc(x2) - 1', () => {
    expect(clampedCropRegion(2.7, 3.2, 10.9, 12.1, 100, 100)).toEqual({ x: 1, y: 2, width: 9, height: 10 });
    // Past the top left: starts at pixel 0; past the bottom right: ends at the last pixel.
    expect(clampedCropRegion(-20.5, -3, 10, 10, 100, 100)).toEqual({ x: 0, y: 0, width: 10, height: 10 });
    expect(clampedCropRegion(90, 95, 130, 140, 100, 100)).toEqual({ x: 89, y: 94, width: 11, height: 6 });
  });

  it('is empty for a box wholly outside the image', () => {
    const left = clampedCropRegion(-50, 10, -10, 20, 100, 100);
    expect(left.width).toBeLessThanOrEqual(0);
    const below = clampedCropRegion(10, 150, 20, 170, 100, 100);
    expect(below.height).toBeLessThanOrEqual(0);
  });
});

describe("cropAndResize with rule 'clamped'", () => {
  it('resizes the part inside the image whole, without zero fill', () => {
    // Left half 0, right half 200, 20 × 20. A box from x = -19 to 19 clamps to columns 0 … 18: the crop is the
    // image's own pixels, so a 2 × 2 output's left column averages columns 0 … 9 (zeros), the right 9 … 18
    // (adaptive pooling's bins of 19 columns overlap).
    const data = new Uint8Array(20 * 20 * 3);
    for (let y = 0; y < 20; y++)
      for (let x = 10; x < 20; x++) data.fill(200, 3 * (y * 20 + x), 3 * (y * 20 + x) + 3);
    const image: RgbImage = { data, width: 20, height: 20 };
    const box = Float64Array.of(-19, 1, 19, 20);
    const clamped = cropAndResize(image, box, 1, 2, undefined, undefined, 'clamped');
    const right = normalizePixel(Math.fround(Math.fround((200 * 9 * 10) / 10) / 10));
    expect(Array.from(clamped.subarray(0, 4))).toEqual([normalizePixel(0), right, normalizePixel(0), right]);
    // The reference crop of the same box reaches 20 columns past the border, zero-filled.
    const reference = cropAndResize(image, box, 1, 2);
    expect(Array.from(reference.subarray(0, 4))).not.toEqual(Array.from(clamped.subarray(0, 4)));
  });
});
