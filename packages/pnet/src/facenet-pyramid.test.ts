import { describe, expect, it } from 'vitest';
import { facenetPyramidScales, facenetScaledSize } from './facenet-pyramid.js';
import { pyramidScales, scaledSize } from './pyramid.js';

describe("facenet-pytorch's pyramid", () => {
  it('multiplies the scale down one factor at a time, as many levels as the reference', () => {
    const scales = facenetPyramidScales(1024, 683, 20, 0.709);
    const reference = pyramidScales(1024, 683, 20, 0.709);
    expect(scales.length).toBe(reference.length);
    let scale = 12 / 20;
    for (const s of scales) {
      expect(s).toBe(scale);
      scale *= 0.709;
    }
    scales.forEach((s, k) => {
      expect(s).toBeCloseTo(reference[k]!, 12);
    });
  });

  it('sizes a level int(side × scale + 1): one more than ceil where side × scale is whole', () => {
    expect(facenetScaledSize(1000, 500, 0.6)).toEqual({ width: 601, height: 301 });
    expect(scaledSize(1000, 500, 0.6)).toEqual({ width: 600, height: 300 });
    expect(facenetScaledSize(1001, 501, 0.6)).toEqual(scaledSize(1001, 501, 0.6));
  });
});
