import type { Face } from '@mtcnn/core';
import { describe, expect, test } from 'vitest';
import { agreement } from './agreement.js';

function face(x: number, y: number, size: number, score = 0.99): Face {
  const p = (dx: number, dy: number) => ({ x: x + dx * size, y: y + dy * size });
  return {
    box: { x, y, width: size, height: size },
    score,
    landmarks: {
      leftEye: p(0.3, 0.4),
      rightEye: p(0.7, 0.4),
      nose: p(0.5, 0.6),
      mouthLeft: p(0.35, 0.8),
      mouthRight: p(0.65, 0.8),
    },
  };
}

describe('agreement', () => {
  const reference = [face(10, 10, 100), face(300, 40, 80, 0.9)];

  test('identical faces agree fully with zero deviation', () => {
    const a = agreement(reference, reference);
    expect(a).toMatchObject({
      matched: 2,
      extra: 0,
      maxBoxDeviationPx: 0,
      maxLandmarkDeviationPx: 0,
      full: true,
    });
  });

  test('reports the largest box corner and landmark deviations of matched faces', () => {
    const moved = [face(10.2, 10, 100), face(300, 40.3, 80, 0.91)];
    const a = agreement(reference, moved);
    expect(a.matched).toBe(2);
    expect(a.maxBoxDeviationPx).toBeCloseTo(0.3);
    expect(a.maxLandmarkDeviationPx).toBeCloseTo(0.3);
    expect(a.maxScoreDifference).toBeCloseTo(0.01);
    expect(a.full).toBe(true);
  });

  test('a deviation of 0.5 px or more, a missing face or an extra face is not full agreement', () => {
    expect(agreement(reference, [face(10.5, 10, 100), reference[1]!]).full).toBe(false);
    expect(agreement(reference, [reference[0]!])).toMatchObject({ matched: 1, extra: 0, full: false });
    expect(agreement(reference, [...reference, face(600, 600, 50)])).toMatchObject({ extra: 1, full: false });
  });
});
