import { describe, expect, it } from 'vitest';
import { isMtcnnError } from '../errors.js';
import type { RgbImage } from '../image.js';
import { cropFaceWithMargin } from './crop-face.js';

function image(width: number, height: number, value: (x: number, y: number) => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.fill(value(x, y), 3 * (y * width + x), 3 * (y * width + x) + 3);
  }
  return { data, width, height };
}

describe('cropFaceWithMargin (facenet-pytorch extract_face)', () => {
  it('grows the box by margin·side/(size − margin), then truncates the corners (hand-computed)', () => {
    // size 160, margin 32: the box grows by 32/128 = 1/4 of its side, 1/8 on each side.
    // x: 50.7 − 8 = 42.7 → 42; 50.7 + 64 + 8 = 122.7 → 122. y: 20.2 − 6 = 14.2 → 14; 20.2 + 48 + 6 = 74.2 → 74.
    const { region, image: crop } = cropFaceWithMargin(
      image(200, 100, () => 7),
      { x: 50.7, y: 20.2, width: 64, height: 48 },
      { size: 160, margin: 32 },
    );
    expect(region).toEqual({ x: 42, y: 14, width: 80, height: 60 });
    expect([crop.width, crop.height]).toEqual([160, 160]);
    expect(crop.data.every((v) => v === 7)).toBe(true);
  });

  it('clips the grown box to the image', () => {
    const { region } = cropFaceWithMargin(
      image(100, 80, () => 0),
      { x: -10, y: 30, width: 60, height: 60 },
      { size: 160, margin: 32 },
    );
    // x1 = max(−10 − 7.5, 0) = 0; x2 = 50 + 7.5 = 57.5 → 57; y1 = 30 − 7.5 = 22.5 → 22; y2 = min(97.5, 80) = 80.
    expect(region).toEqual({ x: 0, y: 22, width: 57, height: 58 });
  });

  it('area-averages: halving a 4 × 4 region gives the means of its 2 × 2 blocks', () => {
    const src = image(4, 4, (x, y) => 10 * (y * 4 + x));
    const { image: crop } = cropFaceWithMargin(src, { x: 0, y: 0, width: 4, height: 4 }, { size: 2 });
    // Block (0, 0): 0, 10, 40, 50 → 25; (1, 0): 20, 30, 60, 70 → 45; (0, 1): 105; (1, 1): 125.
    expect([crop.data[0], crop.data[3], crop.data[6], crop.data[9]]).toEqual([25, 45, 105, 125]);
  });

  it('refuses a margin ≥ size and a box off the image with INVALID_OPTION', () => {
    const src = image(10, 10, () => 0);
    for (const [box, options] of [
      [
        { x: 0, y: 0, width: 5, height: 5 },
        { size: 32, margin: 32 },
      ],
      [{ x: 20, y: 20, width: 5, height: 5 }, { size: 32 }],
    ] as const) {
      let error: unknown;
      try {
        cropFaceWithMargin(src, box, options);
      } catch (e) {
        error = e;
      }
      expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
    }
  });
});
