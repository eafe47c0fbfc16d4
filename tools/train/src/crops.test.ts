import type { RgbImage } from '@mtcnn/core';
import { cropAndResize, PIXEL_MEAN, PIXEL_SCALE, summedArea } from '@mtcnn/core/stage-kit';
import { describe, expect, it } from 'vitest';
import { boxTargets, cropInput, cropSample, detectionCrop, inputToBytes } from './crops.js';
import { createRandom } from './random.js';

/** A noisy synthetic photo: every pixel drawn at random, so any misplaced pixel changes the crop. */
function noise(width: number, height: number): RgbImage {
  const random = createRandom(7);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = random.int(0, 256);
  return { data, width, height };
}

describe('crops as the detector cuts them', () => {
  const image = noise(97, 61);

  it('gives, for a detection, bit for bit the input the detector makes (zero fill past the border included)', () => {
    const detections = [
      [10.7, 5.2, 40.9, 35.4],
      [-6.3, -8.8, 20.1, 18.6],
      [80.5, 40.5, 110.2, 70.2],
      [30, 20, 31.5, 21.5],
    ] as const;
    for (const size of [12, 24, 48]) {
      const boxes = Float64Array.from(detections.flat());
      const detector = cropAndResize(image, boxes, detections.length, size, summedArea(image));
      const per = 3 * size * size;
      detections.forEach((box, i) => {
        const ours = cropInput(image, detectionCrop(box), size, summedArea(image));
        expect(ours).toEqual(detector.subarray(i * per, (i + 1) * per));
        // Without a table: the crop's own sums, the same values.
        expect(cropInput(image, detectionCrop(box), size)).toEqual(ours);
      });
    }
  });

  it('stores the input as RGB HWC bytes within half a grey level of it', () => {
    const size = 24;
    const crop = [-5, 3, 50, 58] as const;
    const input = cropInput(image, crop, size);
    const bytes = cropSample(image, crop, size);
    expect(bytes).toHaveLength(size * size * 3);
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < size * size; i++) {
        const value = input[c * size * size + i]! / PIXEL_SCALE + PIXEL_MEAN;
        worst = Math.max(worst, Math.abs(bytes[3 * i + c]! - value));
      }
    }
    // Rounding to the nearest level, plus float32's error in undoing the normalisation.
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-4);
    // A crop of whole pixels at scale 1 is the pixels themselves, in HWC order.
    const exact = inputToBytes(cropInput(image, [4, 7, 16, 19], 12), 12);
    for (let y = 0; y < 12; y++) {
      for (let x = 0; x < 12; x++) {
        for (let c = 0; c < 3; c++) {
          expect(exact[3 * (12 * y + x) + c]).toBe(image.data[3 * (97 * (7 + y) + 4 + x) + c]);
        }
      }
    }
    // Past the border: zeros.
    expect(Array.from(inputToBytes(cropInput(image, [-12, -12, 0, 0], 12), 12)).every((v) => v === 0)).toBe(
      true,
    );
  });

  it('measures box targets relative to the crop, as the models regress', () => {
    expect(boxTargets([10, 20, 60, 70], [15, 30, 55, 80])).toEqual([0.1, 0.2, -0.1, 0.2]);
    expect(detectionCrop([10.7, 5.2, 40.9, 35.4])).toEqual([9, 4, 40, 35]);
  });
});
