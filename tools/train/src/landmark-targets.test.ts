import { backendForDevice } from '@mtcnn/backend-onnx/node';
import { readImage } from '@mtcnn/core/node';
import { loadGolden, sampleNames, samplePath } from '@mtcnn/fixtures';
import { describe, expect, it } from 'vitest';
import { cropInput } from './crops.js';
import type { BoxCorners } from './iou.js';
import { createLandmarkTeacher, isLandmarkSample, LANDMARK_SCORE } from './landmark-targets.js';

describe('landmark targets distilled from the released O-Net', () => {
  it('gives, on 48-px crops around the reference faces, the reference landmarks relative to the crop', async () => {
    const teacher = await createLandmarkTeacher(backendForDevice('cpu'));
    const golden = loadGolden();
    const scores: number[] = [];
    const errors: number[] = [];
    try {
      for (const name of sampleNames) {
        const image = await readImage(samplePath(name));
        for (const face of golden.results[name]!.faces) {
          const [x1, y1, x2, y2] = face.box;
          // A square crop on the face's centre, as a positive crop would be.
          const side = Math.round(Math.max(x2 - x1, y2 - y1));
          const left = Math.round((x1 + x2 - side) / 2);
          const top = Math.round((y1 + y2 - side) / 2);
          const crop: BoxCorners = [left, top, left + side, top + side];
          const [prediction] = await teacher.predict(cropInput(image, crop, 48), 1);
          scores.push(prediction!.score);
          // Back in image pixels, the farthest of the five points from the reference's, over the crop's side.
          errors.push(
            Math.max(
              ...face.landmarks.map(
                ([gx, gy], k) =>
                  Math.hypot(
                    left + prediction!.landmarks[k]! * side - gx,
                    top + prediction!.landmarks[5 + k]! * side - gy,
                  ) / side,
              ),
            ),
          );
        }
      }
    } finally {
      await teacher.dispose();
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    expect(scores).toHaveLength(23);
    // The reference's O-Net saw its own R-Net box, not this crop: most faces still score near 1 (measured: 20 of
    // 23 at least 0.9; the others are two turned faces and the 68-px one) ...
    expect(scores.filter((s) => s >= LANDMARK_SCORE).length).toBeGreaterThanOrEqual(19);
    // ... and the points land where the reference's did: median worst point 2.2 % of the face, all within 7.8 %.
    // A swapped x/y, a wrong point order or a crop off by its size would put them 20 % and more away.
    expect(sorted(errors)[11]).toBeLessThan(0.035);
    expect(Math.max(...errors)).toBeLessThan(0.1);
  });

  it('copies as landmark samples only positives the teacher is sure of', () => {
    expect(isLandmarkSample(1, 0.95)).toBe(true);
    expect(isLandmarkSample(1, 0.5)).toBe(false);
    expect(isLandmarkSample(-1, 0.99)).toBe(false);
    expect(isLandmarkSample(0, 0.99)).toBe(false);
  });
});
