import { iou } from '@mtcnn/core/stage-kit';
import { describe, expect, it } from 'vitest';
import { bestOverlap, iouWithEach } from './iou.js';

describe('IoU of a box against ground-truth boxes', () => {
  it('measures continuous areas: a crop [x1, x2) covers x2 − x1 columns', () => {
    // Two 10×10 boxes overlapping in a 5×10 strip: 50 / (100 + 100 − 50).
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 12);
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    // Touching edges share no pixel.
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    // A box inside another: its area over the larger one's.
    expect(iou([0, 0, 20, 20], [5, 5, 15, 15])).toBe(0.25);
  });

  it('gives the IoU with each box and the best one with its index', () => {
    const faces = [
      [100, 100, 120, 120],
      [0, 0, 10, 10],
      [2, 0, 12, 10],
    ] as const;
    const each = iouWithEach([0, 0, 10, 10], faces);
    expect(Array.from(each)).toEqual([0, 1, iou([0, 0, 10, 10], faces[2])]);
    expect(bestOverlap([0, 0, 10, 10], faces)).toEqual({ iou: 1, index: 1 });
    expect(bestOverlap([3, 0, 13, 10], faces).index).toBe(2);
    expect(bestOverlap([500, 500, 510, 510], faces)).toEqual({ iou: 0, index: -1 });
    expect(bestOverlap([0, 0, 10, 10], [])).toEqual({ iou: 0, index: -1 });
  });
});
