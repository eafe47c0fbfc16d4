import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { nms } from './nms.js';
import { resampleImage, resampleRegion } from './resample.js';
import { summedArea } from './summed-area.js';
import { warmKernels } from './warm-kernels.js';

/** A photo-like image: values that differ per pixel and channel. */
function image(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 7)) & 0xff;
  return { data, width, height };
}

function sample() {
  const img = image(97, 61);
  const sums = summedArea(img);
  const level = resampleImage(img, 33, 21, sums);
  const crop = new Float32Array(3 * 24 * 24);
  resampleRegion(img, { x: -3, y: 40, width: 30, height: 29 }, 24, 24, crop, 0, sums);
  const boxes = Float64Array.from([0, 0, 10, 10, 1, 1, 11, 11, 30, 30, 40, 40]);
  const kept = nms(boxes, Float64Array.from([0.9, 0.8, 0.7]), 0.5, 'union');
  return { level: [...level], crop: [...crop], kept };
}

describe('warmKernels', () => {
  // It shares the kernels' module state (area-weight memo, column scratch) with every real call: what a call
  // computes must not depend on whether the warm-up ran before it.
  it('leaves what the kernels compute unchanged', async () => {
    const before = sample();
    await warmKernels();
    const after = sample();
    expect(after.level).toEqual(before.level);
    expect(after.crop).toEqual(before.crop);
    expect(after.kept).toEqual([0, 2]);
    expect(after.kept).toEqual(before.kept);
  });
});
