import { describe, expect, it } from 'vitest';
import { nms } from './nms.js';
import { torchvisionNms } from './torchvision-nms.js';

describe('torchvisionNms', () => {
  it('measures areas without the +1, unlike the reference NMS', () => {
    // IoU without +1: 100 / 120 = 0.833; pixel-inclusive: 121 / 143 = 0.846. At 0.84 only the reference drops B.
    const boxes = Float64Array.from([0, 0, 10, 10, 0, 0, 10, 12]);
    const scores = Float64Array.from([0.9, 0.8]);
    expect(torchvisionNms(boxes, scores, 0.84)).toEqual([0, 1]);
    expect(nms(boxes, scores, 0.84, 'union')).toEqual([0]);
    expect(torchvisionNms(boxes, scores, 0.83)).toEqual([0]);
  });

  it('visits equal scores in input order (a stable sort) and returns the kept highest first', () => {
    const boxes = Float64Array.from([0, 0, 10, 10, 50, 50, 60, 60, 1, 0, 11, 10, 200, 0, 210, 10]);
    const scores = Float64Array.from([0.5, 0.9, 0.5, 0.7]);
    expect(torchvisionNms(boxes, scores, 0.5)).toEqual([1, 3, 0]);
  });

  it('computes the IoU in float32 and compares it with the threshold in double', () => {
    // Union 3, intersection 1: float32(1/3) = 0.3333333432674408 > 1/3 in double, so the box is dropped.
    const boxes = Float64Array.from([0, 0, 2, 1, 1, 0, 3, 1]);
    const scores = Float64Array.from([0.9, 0.8]);
    expect(torchvisionNms(boxes, scores, 1 / 3)).toEqual([0]);
    expect(nms(Float64Array.from([0, 0, 1, 0, 1, 0, 2, 0]), scores, 1 / 3, 'union')).toEqual([0, 1]);
  });
});
