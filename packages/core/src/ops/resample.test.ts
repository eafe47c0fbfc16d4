import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { areaWeights } from './area-weights.js';
import { type PixelRegion, resampleImage, resampleRegion } from './resample.js';
import { rowSums } from './row-sums.js';

/** The reference normalisation, (v - 127.5) × 0.0078125. */
const norm = (v: number) => (v - 127.5) * 0.0078125;
/** Normalised pixel value 0: what zero padding becomes. */
const ZERO = -0.99609375;

function expectPlane(actual: ArrayLike<number>, expectedRaw: number[], offset = 0): void {
  expectedRaw.forEach((v, i) => {
    expect(actual[offset + i]).toBeCloseTo(norm(v), 6);
  });
}

/** An RGB image from a per-pixel function. */
function makeImage(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), 3 * (y * width + x));
  }
  return { data, width, height } satisfies RgbImage;
}

// 4 × 4 test image: R = 10 × (4y + x) (0 … 150), G = 255 - R, B = 7.
const grid = makeImage(4, 4, (x, y) => [10 * (4 * y + x), 255 - 10 * (4 * y + x), 7]);

describe('resampleImage', () => {
  it('normalises as (x - 127.5) × 0.0078125', () => {
    expect(norm(0)).toBe(ZERO);
    expect(norm(255)).toBe(0.99609375);
    // 1 × 1 identity of a pixel (0, 128, 255)
    const out = resampleImage(
      makeImage(1, 1, () => [0, 128, 255]),
      1,
      1,
    );
    expect(Array.from(out)).toEqual([-0.99609375, 0.00390625, 0.99609375]);
  });

  it('keeps a constant image constant at any size', () => {
    const image = makeImage(5, 3, () => [200, 10, 128]);
    for (const [w, h] of [
      [5, 3],
      [3, 2],
      [2, 1],
      [7, 4],
      [12, 12],
    ] as const) {
      const out = resampleImage(image, w, h);
      expect(out).toHaveLength(3 * w * h);
      const plane = w * h;
      for (let i = 0; i < plane; i++) {
        // 200 → 0.56640625; 10 → -0.91796875; 128 → 0.00390625
        expect(out[i]).toBeCloseTo(0.56640625, 6);
        expect(out[plane + i]).toBeCloseTo(-0.91796875, 6);
        expect(out[2 * plane + i]).toBeCloseTo(0.00390625, 6);
      }
    }
  });

  it('puts R, G and B into separate planes (CHW)', () => {
    // 2 × 1: red pixel then blue pixel, identity size.
    const out = resampleImage(
      makeImage(2, 1, (x) => (x === 0 ? [255, 0, 0] : [0, 0, 255])),
      2,
      1,
    );
    expect(Array.from(out)).toEqual([0.99609375, ZERO, ZERO, ZERO, ZERO, 0.99609375]);
  });

  it('averages 2 × 2 blocks when downscaling 4 × 4 to 2 × 2', () => {
    // R blocks: (0+10+40+50)/4 = 25, (20+30+60+70)/4 = 45, (80+90+120+130)/4 = 105, (100+110+140+150)/4 = 125
    const out = resampleImage(grid, 2, 2);
    expect(out).toHaveLength(12);
    expectPlane(out, [25, 45, 105, 125], 0);
    expectPlane(out, [230, 210, 150, 130], 4);
    expectPlane(out, [7, 7, 7, 7], 8);
  });

  it('averages the overlapping pixels evenly for a non-integer ratio (5 → 2)', () => {
    // Adaptive-average bins [0, 3) and [2, 5): row 10, 20, 30, 40, 50 → (10+20+30)/3 = 20, (30+40+50)/3 = 40
    const image = makeImage(5, 1, (x) => [10 * (x + 1), 0, 0]);
    const out = resampleImage(image, 2, 1);
    expectPlane(out, [20, 40], 0);
    // The same along y.
    const tall = makeImage(1, 5, (_, y) => [10 * (y + 1), 0, 0]);
    expectPlane(resampleImage(tall, 1, 2), [20, 40], 0);
  });

  it('replicates pixels when upscaling 2 × 1 to 4 × 2', () => {
    const out = resampleImage(
      makeImage(2, 1, (x) => [x === 0 ? 40 : 200, 0, 0]),
      4,
      2,
    );
    expectPlane(out, [40, 40, 200, 200, 40, 40, 200, 200], 0);
  });

  it('is the identity at the same size', () => {
    const out = resampleImage(grid, 4, 4);
    expectPlane(
      out,
      Array.from({ length: 16 }, (_, i) => 10 * i),
      0,
    );
  });
});

describe('resampleRegion', () => {
  it('reads only the region', () => {
    // Region x 2..3, y 1..2 of the grid at its own size: R = 60, 70, 100, 110
    const out = new Float32Array(12);
    resampleRegion(grid, { x: 2, y: 1, width: 2, height: 2 }, 2, 2, out, 0);
    expectPlane(out, [60, 70, 100, 110], 0);
    expectPlane(out, [195, 185, 155, 145], 4);
  });

  it('zero-fills the part of the region outside the image', () => {
    // A 3 × 3 region from (-1, -1) of a 2 × 2 image of 200s, identity size:
    // the first row and column are outside.
    const image = makeImage(2, 2, () => [200, 200, 200]);
    const out = new Float32Array(27);
    resampleRegion(image, { x: -1, y: -1, width: 3, height: 3 }, 3, 3, out, 0);
    for (let c = 0; c < 3; c++) expectPlane(out, [0, 0, 0, 0, 200, 200, 0, 200, 200], 9 * c);
  });

  it('averages outside zeros in proportion when downscaling', () => {
    // 2 × 2 image of 200s, region x -2..1, y -1..0 (4 × 2) → 2 × 1.
    // out0 averages columns -2, -1 (outside) → 0; out1 averages columns 0, 1 over rows -1 (outside) and 0 → 100.
    const image = makeImage(2, 2, () => [200, 200, 200]);
    const out = new Float32Array(6);
    resampleRegion(image, { x: -2, y: -1, width: 4, height: 2 }, 2, 1, out, 0);
    expect(out[0]).toBe(ZERO);
    expect(out[1]).toBeCloseTo(norm(100), 6); // -0.21484375
    // Region x -1..2 over the same image: out0 = (0 + 200)/2, out1 = (200 + 0)/2 → 100 both, then / 2 rows
    resampleRegion(image, { x: -1, y: 0, width: 4, height: 2 }, 2, 1, out, 0);
    expectPlane(out, [100, 100], 0);
  });

  it('fills the normalised zero for a region entirely outside the image', () => {
    const out = new Float32Array(12).fill(42);
    resampleRegion(grid, { x: 10, y: -20, width: 4, height: 4 }, 2, 2, out, 0);
    expect(Array.from(out)).toEqual(new Array(12).fill(ZERO));
  });

  it('fills the normalised zero for an empty region', () => {
    for (const region of [
      { x: 0, y: 0, width: 0, height: 4 },
      { x: 0, y: 0, width: 4, height: 0 },
      { x: 1, y: 1, width: -3, height: 2 },
    ]) {
      const out = new Float32Array(12).fill(42);
      resampleRegion(grid, region, 2, 2, out, 0);
      expect(Array.from(out)).toEqual(new Array(12).fill(ZERO));
    }
  });

  it('writes at outOffset without touching other memory', () => {
    const out = new Float32Array(5 + 12 + 3).fill(42);
    resampleRegion(grid, { x: 0, y: 0, width: 4, height: 4 }, 2, 2, out, 5);
    expect(Array.from(out.subarray(0, 5))).toEqual([42, 42, 42, 42, 42]);
    expect(Array.from(out.subarray(17))).toEqual([42, 42, 42]);
    expectPlane(out, [25, 45, 105, 125, 230, 210, 150, 130, 7, 7, 7, 7], 5);
  });

  it('writes an empty region at outOffset without touching other memory', () => {
    const out = new Float32Array(5 + 12 + 3).fill(42);
    resampleRegion(grid, { x: 0, y: 0, width: 0, height: 0 }, 2, 2, out, 5);
    expect(Array.from(out.subarray(0, 5))).toEqual([42, 42, 42, 42, 42]);
    expect(Array.from(out.subarray(5, 17))).toEqual(new Array(12).fill(ZERO));
    expect(Array.from(out.subarray(17))).toEqual([42, 42, 42]);
  });

  it('accepts Uint8ClampedArray data', () => {
    const image: RgbImage = { data: new Uint8ClampedArray([255, 0, 128]), width: 1, height: 1 };
    const out = new Float32Array(3);
    resampleRegion(image, { x: 0, y: 0, width: 1, height: 1 }, 1, 1, out, 0);
    expect(Array.from(out)).toEqual([0.99609375, ZERO, 0.00390625]);
  });
});

/** Area resampling as first written: every source pixel summed one by one, then weighted (the definition). */
function resampleByPixel(image: RgbImage, region: PixelRegion, outWidth: number, outHeight: number) {
  const out = new Float32Array(3 * outWidth * outHeight);
  const plane = outWidth * outHeight;
  const wx = areaWeights(region.width, outWidth);
  const wy = areaWeights(region.height, outHeight);
  for (let i = 0; i < outHeight; i++) {
    for (let j = 0; j < outWidth; j++) {
      for (let c = 0; c < 3; c++) {
        let column = 0;
        for (let t = 0; t < wy.count[i]!; t++) {
          const y = region.y + wy.first[i]! + t;
          let run = 0;
          for (let u = 0; u < wx.count[j]!; u++) {
            const x = region.x + wx.first[j]! + u;
            if (x >= 0 && x < image.width && y >= 0 && y < image.height)
              run += image.data[3 * (y * image.width + x) + c]!;
          }
          column += run * wx.weight[j]!;
        }
        out[c * plane + i * outWidth + j] = (column * wy.weight[i]! - 127.5) * 0.0078125;
      }
    }
  }
  return out;
}

describe('resampling on row sums', () => {
  // A deterministic noisy image: every value 0…255 occurs, neighbours differ.
  const noisy = makeImage(37, 29, (x, y) => [
    (x * 97 + y * 31) % 256,
    (x * x + 3 * y * y) % 256,
    (x * y * 7 + 5) % 256,
  ]);
  const regions: PixelRegion[] = [
    { x: 0, y: 0, width: 37, height: 29 },
    { x: 3, y: 5, width: 20, height: 20 },
    { x: -6, y: -4, width: 15, height: 13 },
    { x: 30, y: 20, width: 17, height: 17 },
    { x: -2, y: 10, width: 45, height: 9 },
  ];
  const sizes = [
    [24, 24],
    [48, 48],
    [7, 5],
    [12, 12],
    [1, 1],
  ] as const;

  it('equals summing pixel by pixel, to the bit, with and without the whole image sums', () => {
    const whole = rowSums(noisy);
    for (const region of regions) {
      for (const [w, h] of sizes) {
        const expected = resampleByPixel(noisy, region, w, h);
        const own = new Float32Array(3 * w * h);
        const shared = new Float32Array(3 * w * h);
        resampleRegion(noisy, region, w, h, own, 0);
        resampleRegion(noisy, region, w, h, shared, 0, whole);
        expect(Array.from(own)).toEqual(Array.from(expected));
        expect(Array.from(shared)).toEqual(Array.from(expected));
      }
    }
  });

  it('resampleImage takes the row sums of a pyramid', () => {
    const whole = rowSums(noisy);
    for (const [w, h] of [
      [23, 18],
      [16, 13],
      [12, 12],
    ] as const) {
      const full = { x: 0, y: 0, width: noisy.width, height: noisy.height };
      expect(Array.from(resampleImage(noisy, w, h, whole))).toEqual(
        Array.from(resampleByPixel(noisy, full, w, h)),
      );
    }
  });
});
