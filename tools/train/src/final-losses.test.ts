// What a trained model's description says of its losses: the last epoch's, or the last steps' before one ended.
import { describe, expect, it } from 'vitest';
import type { Curves, LossPoint } from './curves-data.js';
import { FINAL_STEPS, finalLosses } from './final-losses.js';

const point = (total: number): LossPoint => ({
  total,
  face: total / 2,
  box: total / 4,
  landmarks: 0.3,
  faceAccuracy: 0.9,
});

function curves(stage: Curves['stage'], steps: number, epochs: number): Curves {
  return {
    format: 'mtcnn-curves/1',
    stage,
    init: 'released',
    batchSize: 384,
    steps: Array.from({ length: steps }, (_, i) => ({
      ...point(i + 1),
      step: i + 1,
      epoch: 1,
      learningRate: 0.01,
    })),
    epochs: Array.from({ length: epochs }, (_, i) => ({
      epoch: i + 1,
      step: steps,
      learningRate: 0.01,
      train: point(10 + i),
      validation: { ...point(20 + i), samples: 64 },
      samplesPerSecond: 500,
    })),
  };
}

describe('finalLosses', () => {
  it("gives the last epoch's training means and validation, without landmarks for R-Net", () => {
    expect(finalLosses(curves('rnet', 100, 2))).toEqual({
      total: 11,
      face: 5.5,
      box: 2.75,
      faceAccuracy: 0.9,
      validation: { total: 21, face: 10.5, box: 5.25, faceAccuracy: 0.9, samples: 64 },
    });
    expect(finalLosses(curves('onet', 100, 1)).landmarks).toBe(0.3);
  });

  it('averages the last steps when no epoch has ended', () => {
    // Steps 51 … 100 have totals 51 … 100: mean 75.5.
    const losses = finalLosses(curves('pnet', 100, 0));
    expect(FINAL_STEPS).toBe(50);
    expect(losses.total).toBe(75.5);
    expect(losses.validation).toBeUndefined();
  });
});
