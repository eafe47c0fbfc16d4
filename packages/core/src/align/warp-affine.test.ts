import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { sampleBilinear, warpAffine } from './warp-affine.js';

/** An image whose red channel holds `values` (row-major), green 0, blue 255. */
function redImage(values: number[][]): RgbImage {
  const height = values.length;
  const width = values[0]!.length;
  const data = new Uint8Array(width * height * 3);
  values.flat().forEach((v, i) => {
    data[3 * i] = v;
    data[3 * i + 2] = 255;
  });
  return { data, width, height };
}

function red(image: RgbImage): number[][] {
  return Array.from({ length: image.height }, (_, y) =>
    Array.from({ length: image.width }, (_, x) => image.data[3 * (y * image.width + x)]!),
  );
}

function sample(image: RgbImage, x: number, y: number, fill: 'zero' | 'edge' = 'zero'): number[] {
  const out = new Uint8Array(3);
  sampleBilinear(image, x, y, fill, out, 0);
  return [...out];
}

const SQUARE = redImage([
  [0, 100],
  [200, 40],
]);

describe('sampleBilinear', () => {
  it('reads pixel values at pixel centres (integers)', () => {
    expect(sample(SQUARE, 0, 0)).toEqual([0, 0, 255]);
    expect(sample(SQUARE, 1, 0)).toEqual([100, 0, 255]);
    expect(sample(SQUARE, 1, 1)).toEqual([40, 0, 255]);
  });

  it('interpolates bilinearly between centres (hand-computed values)', () => {
    // Centre of the four: (0 + 100 + 200 + 40) / 4 = 85.
    expect(sample(SQUARE, 0.5, 0.5)[0]).toBe(85);
    // A quarter of the way along the top row: 0.75·0 + 0.25·100 = 25.
    expect(sample(SQUARE, 0.25, 0)[0]).toBe(25);
    // (0.25, 0.75): top 25, bottom 0.75·200 + 0.25·40 = 160; 0.25·25 + 0.75·160 = 126.25 → 126.
    expect(sample(SQUARE, 0.25, 0.75)[0]).toBe(126);
    // A third of the way: 33.33… rounds to 33.
    expect(sample(SQUARE, 1 / 3, 0)[0]).toBe(33);
  });

  it('zero fill: neighbours outside read as black; edge fill: as the nearest border pixel', () => {
    // Half a pixel right of (1, 0): 0.5·100 + 0.5·(outside).
    expect(sample(SQUARE, 1.5, 0, 'zero')).toEqual([50, 0, 128]);
    expect(sample(SQUARE, 1.5, 0, 'edge')).toEqual([100, 0, 255]);
    expect(sample(SQUARE, -3, -3, 'zero')).toEqual([0, 0, 0]);
    expect(sample(SQUARE, -3, 5, 'edge')).toEqual([200, 0, 255]);
  });
});

describe('warpAffine', () => {
  const IMAGE = redImage([
    [10, 20, 30],
    [40, 50, 60],
    [70, 80, 90],
  ]);

  it('the identity copies the image', () => {
    const out = warpAffine(IMAGE, [1, 0, 0, 0, 1, 0], 3, 3);
    expect([...out.data]).toEqual([...IMAGE.data]);
  });

  it('a whole-pixel translation shifts pixels; what comes from outside is black (or the edge)', () => {
    // The matrix maps source to output: x′ = x + 1, so output (x′, y) reads source (x′ − 1, y).
    expect(red(warpAffine(IMAGE, [1, 0, 1, 0, 1, 0], 3, 3))).toEqual([
      [0, 10, 20],
      [0, 40, 50],
      [0, 70, 80],
    ]);
    expect(red(warpAffine(IMAGE, [1, 0, 1, 0, 1, 0], 3, 3, { fill: 'edge' }))).toEqual([
      [10, 10, 20],
      [40, 40, 50],
      [70, 70, 80],
    ]);
  });

  it('a half-pixel translation averages neighbours', () => {
    // Output (x′, y) reads source (x′ − 0.5, y).
    expect(red(warpAffine(IMAGE, [1, 0, 0.5, 0, 1, 0], 3, 1))).toEqual([[5, 15, 25]]);
  });

  it('a 90° rotation permutes pixels exactly', () => {
    // (x, y) → (2 − y, x): the top row becomes the right column.
    expect(red(warpAffine(IMAGE, [0, -1, 2, 1, 0, 0], 3, 3))).toEqual([
      [70, 40, 10],
      [80, 50, 20],
      [90, 60, 30],
    ]);
  });

  it('upscaling by 2 interpolates between source pixels', () => {
    // Output (x′, y′) reads source (x′/2, y′/2).
    expect(red(warpAffine(SQUARE, [2, 0, 0, 0, 2, 0], 3, 3))).toEqual([
      [0, 50, 100],
      [100, 85, 70],
      [200, 120, 40],
    ]);
  });

  it('refuses a bad output size or a singular matrix', () => {
    expect(() => warpAffine(IMAGE, [1, 0, 0, 0, 1, 0], 0, 3)).toThrow(/positive integers/);
    expect(() => warpAffine(IMAGE, [1, 1, 0, 1, 1, 0], 3, 3)).toThrow(/not invertible/);
  });
});
