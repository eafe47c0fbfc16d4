// The 150 px template for MTCNN's five points, from dlib's mean face shape, checked by hand.
import { describe, expect, it } from 'vitest';
import {
  chipPixel,
  DLIB_FIVE_POINT_TEMPLATE,
  DLIB_MEAN_FACE_X,
  DLIB_MEAN_FACE_Y,
  dlibChipTemplate,
  meanFaceFivePoints,
  meanFacePoint,
} from './dlib-template.js';

describe('dlib mean face', () => {
  it('holds iBUG points 17 … 67 (51 of them)', () => {
    expect(DLIB_MEAN_FACE_X.length).toBe(51);
    expect(DLIB_MEAN_FACE_Y.length).toBe(51);
    expect(meanFacePoint(30)).toEqual({ x: 0.490127, y: 0.515625 });
    expect(() => meanFacePoint(16)).toThrow(/no point 16/);
    expect(() => meanFacePoint(68)).toThrow(/no point 68/);
  });

  it("agrees with dlib's 5-point template on the points both have, to 0.005 of the face (eye corners, nose base)", () => {
    // 5-point parts in order: iBUG 45, 42, 36, 39, 33.
    [45, 42, 36, 39, 33].forEach((ibug, k) => {
      const p = meanFacePoint(ibug);
      const [x, y] = DLIB_FIVE_POINT_TEMPLATE[k]!;
      expect(Math.abs(p.x - x), `point ${ibug}`).toBeLessThan(0.005);
      expect(Math.abs(p.y - y), `point ${ibug}`).toBeLessThan(0.005);
    });
  });

  it('gives our five points: eye centres as means of six points, nose tip, mouth corners', () => {
    const p = meanFaceFivePoints();
    // (0.121737 + 0.187122 + 0.265825 + 0.334606 + 0.260918 + 0.182743) / 6, and the y's likewise.
    expect(p.leftEye.x).toBeCloseTo(1.352951 / 6, 12);
    expect(p.leftEye.y).toBeCloseTo(1.295942 / 6, 12);
    expect(p.rightEye.x).toBeCloseTo(4.528568 / 6, 12);
    expect(p.rightEye.y).toBeCloseTo(p.leftEye.y, 12);
    expect(p.nose).toEqual({ x: 0.490127, y: 0.515625 });
    expect(p.mouthLeft).toEqual({ x: 0.254149, y: 0.780233 });
    expect(p.mouthRight).toEqual({ x: 0.726104, y: 0.780233 });
  });
});

describe('dlibChipTemplate', () => {
  it('maps the unit square to chip pixels as dlib samples its chips: (0.25 + p) / 1.5 · 149', () => {
    expect(chipPixel(0)).toBeCloseTo((0.25 / 1.5) * 149, 12);
    expect(chipPixel(1)).toBeCloseTo((1.25 / 1.5) * 149, 12);
    // padding 0 and size 2: the unit square onto pixels 0 … 1.
    expect(chipPixel(1, 2, 0)).toBe(1);
  });

  it('is the 150 × 150 template, to 4 decimals', () => {
    expect(dlibChipTemplate()).toEqual({
      width: 150,
      height: 150,
      landmarks: {
        leftEye: { x: 47.2322, y: 46.2884 },
        rightEye: { x: 99.8063, y: 46.2884 },
        nose: { x: 73.5193, y: 76.0521 },
        mouthLeft: { x: 50.0788, y: 102.3365 },
        mouthRight: { x: 96.9597, y: 102.3365 },
      },
    });
  });
});
