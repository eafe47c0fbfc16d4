import { describe, expect, it } from 'vitest';
import { isMtcnnError } from '../errors.js';
import type { Face } from '../geometry.js';
import type { RgbImage } from '../image.js';
import { applyAffine } from './affine.js';
import { alignFace, landmarkPoints } from './align-face.js';
import { ARCFACE_TEMPLATE_112, arcfaceTemplate } from './templates.js';

const SCALE = 2;
const OFFSET = { x: 100, y: 50 };
const WIDTH = 400;
const HEIGHT = 300;

/** A gradient image: red = x mod 256, green = y mod 256, so every sampled pixel says where it came from. */
function gradient(): RgbImage {
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      data[3 * (y * WIDTH + x)] = x % 256;
      data[3 * (y * WIDTH + x) + 1] = y % 256;
    }
  }
  return { data, width: WIDTH, height: HEIGHT };
}

/** A face whose landmarks are the ArcFace template scaled by 2 and moved by (100, 50). */
const FACE: Face = {
  box: { x: 100, y: 50, width: 224, height: 224 },
  score: 0.99,
  landmarks: Object.fromEntries(
    Object.entries(ARCFACE_TEMPLATE_112.landmarks).map(([name, p]) => [
      name,
      { x: p.x * SCALE + OFFSET.x, y: p.y * SCALE + OFFSET.y },
    ]),
  ) as unknown as Face['landmarks'],
};

describe('alignFace', () => {
  it('fits the landmarks onto the template: here an exact scale by 1/2 and a translation', () => {
    const { image, matrix } = alignFace(gradient(), FACE);
    const expected = [1 / SCALE, 0, -OFFSET.x / SCALE, 0, 1 / SCALE, -OFFSET.y / SCALE];
    for (const [i, v] of matrix.entries()) expect(v).toBeCloseTo(expected[i]!, 9);
    expect([image.width, image.height]).toEqual([112, 112]);
    // Every landmark lands on its template point.
    const mapped = landmarkPoints(FACE.landmarks!).map((p) => applyAffine(matrix, p));
    landmarkPoints(ARCFACE_TEMPLATE_112.landmarks).forEach((t, i) => {
      expect(mapped[i]!.x).toBeCloseTo(t.x, 9);
      expect(mapped[i]!.y).toBeCloseTo(t.y, 9);
    });
    // Crop pixel (x, y) comes from source (2x + 100, 2y + 50), a whole pixel: no interpolation.
    for (const [x, y] of [
      [0, 0],
      [38, 51],
      [111, 111],
    ] as const) {
      const p = 3 * (y * 112 + x);
      expect(image.data[p]).toBe((SCALE * x + OFFSET.x) % 256);
      expect(image.data[p + 1]).toBe((SCALE * y + OFFSET.y) % 256);
    }
  });

  it('refuses a face without landmarks with INVALID_OPTION', () => {
    let error: unknown;
    try {
      alignFace(gradient(), { box: FACE.box, score: 0.9 });
    } catch (e) {
      error = e;
    }
    expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
    expect((error as Error).message).toMatch(/onet/);
  });
});

describe('arcfaceTemplate', () => {
  it('112 is the template itself; 224 doubles it; 128 shifts it right by 8 px, as insightface', () => {
    expect(arcfaceTemplate(112)).toBe(ARCFACE_TEMPLATE_112);
    const doubled = arcfaceTemplate(224);
    expect(doubled.width).toBe(224);
    expect(doubled.landmarks.nose.x).toBeCloseTo(2 * 56.0252, 9);
    expect(doubled.landmarks.nose.y).toBeCloseTo(2 * 71.7366, 9);
    const shifted = arcfaceTemplate(128);
    expect(shifted.landmarks.leftEye.x).toBeCloseTo(38.2946 + 8, 9);
    expect(shifted.landmarks.leftEye.y).toBeCloseTo(51.6963, 9);
    expect(() => arcfaceTemplate(100)).toThrow(/multiple of 112 or 128/);
  });
});
