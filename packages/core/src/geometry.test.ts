import { describe, expect, it } from 'vitest';
import { fromCorners, LANDMARK_NAMES, toCorners } from './geometry.js';

describe('toCorners / fromCorners', () => {
  it('converts a box to corners', () => {
    expect(toCorners({ x: 10, y: 20, width: 30, height: 40 })).toEqual([10, 20, 40, 60]);
  });

  it('converts corners to a box', () => {
    expect(fromCorners([10, 20, 40, 60])).toEqual({ x: 10, y: 20, width: 30, height: 40 });
    // Boxes may extend past the image: negative coordinates stay.
    expect(fromCorners([-5.5, -2, 4.5, 8])).toEqual({ x: -5.5, y: -2, width: 10, height: 10 });
  });

  it('round-trips', () => {
    const box = { x: -3.25, y: 7.5, width: 12.75, height: 0.5 };
    expect(fromCorners(toCorners(box))).toEqual(box);
    const corners: [number, number, number, number] = [1.5, 2.5, 101.25, 52];
    expect(toCorners(fromCorners(corners))).toEqual(corners);
  });
});

describe('LANDMARK_NAMES', () => {
  it('lists the five landmarks in model order', () => {
    expect(LANDMARK_NAMES).toEqual(['leftEye', 'rightEye', 'nose', 'mouthLeft', 'mouthRight']);
  });
});
