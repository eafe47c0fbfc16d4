import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import {
  type PixelRegion,
  resampleImage,
  resampleImageRows,
  resampleRegion,
  resampleSourceRows,
} from './resample.js';
import { partialSummedArea, summedArea } from './summed-area.js';

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

describe('resampleImageRows', () => {
  // 37 × 23 with every value different: bins of 1 to 3 source rows and columns at these sizes.
  const image = makeImage(37, 23, (x, y) => [(7 * x + 11 * y) % 256, (x * y) % 256, (3 * x + y * y) % 256]);

  it.each([
    [13, 9],
    [37, 23],
    [50, 31],
  ])('gives rows from … to - 1 of the %i × %i resampling, bit for bit, as planes of their own', (w, h) => {
    const whole = resampleImage(image, w, h);
    for (const [from, to] of [
      [0, h],
      [0, 1],
      [2, 7],
      [h - 3, h],
      [4, 4],
    ] as const) {
      const band = resampleImageRows(image, w, h, { from, to });
      expect(band.length).toBe(3 * w * (to - from));
      for (let c = 0; c < 3; c++) {
        const expected = whole.subarray(c * w * h + from * w, c * w * h + to * w);
        expect(band.subarray(c * w * (to - from), (c + 1) * w * (to - from))).toEqual(expected);
      }
    }
  });

  it('refuses rows outside the output', () => {
    expect(() => resampleImageRows(image, 10, 8, { from: 3, to: 9 })).toThrow(RangeError);
    expect(() => resampleImageRows(image, 10, 8, { from: 5, to: 4 })).toThrow(RangeError);
  });

  it('makes a band from a table of just the rows it reads, and refuses a table short of them', () => {
    const [w, h] = [13, 9];
    const whole = resampleImage(image, w, h);
    const rows = { from: 2, to: 5 };
    const read = resampleSourceRows(image.height, h, rows);
    // Bins of 2 to 3 source rows: output rows 2 … 4 read image rows 5 … 12.
    expect(read).toEqual({ from: 5, to: 13 });
    const table = () => new Int32Array(3 * (image.width + 1) * (image.height + 1));
    const band = resampleImageRows(image, w, h, rows, partialSummedArea(image, table(), read.to));
    for (let c = 0; c < 3; c++) {
      expect(band.subarray(c * w * 3, (c + 1) * w * 3)).toEqual(
        whole.subarray(c * w * h + 2 * w, c * w * h + 5 * w),
      );
    }
    const short = partialSummedArea(image, table(), read.to - 1);
    expect(() => resampleImageRows(image, w, h, rows, short)).toThrow(/holds image rows 0…11, not rows 5…12/);
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

/**
 * The reference, written as directly as possible: the region cropped with zero padding into a float32 array,
 * PyTorch's adaptive average pooling kernel on it (bins [floor(i·in/out), ceil((i+1)·in/out)), the sum in
 * float32 pixel by pixel, then sum / kh / kw in float32), then facenet-pytorch's (x - 127.5) × 0.0078125 in
 * float32. Math.fround after every operation makes each one a float32 operation.
 */
function resampleLikePyTorch(image: RgbImage, region: PixelRegion, outWidth: number, outHeight: number) {
  const f = Math.fround;
  const { width: inW, height: inH } = region;
  const out = new Float32Array(3 * outWidth * outHeight);
  for (let c = 0; c < 3; c++) {
    const crop = new Float32Array(inW * inH);
    for (let y = 0; y < inH; y++) {
      for (let x = 0; x < inW; x++) {
        const sx = region.x + x;
        const sy = region.y + y;
        if (sx >= 0 && sx < image.width && sy >= 0 && sy < image.height)
          crop[y * inW + x] = image.data[3 * (sy * image.width + sx) + c]!;
      }
    }
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = Math.floor((oh * inH) / outHeight);
      const ih1 = Math.ceil(((oh + 1) * inH) / outHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = Math.floor((ow * inW) / outWidth);
        const iw1 = Math.ceil(((ow + 1) * inW) / outWidth);
        let sum = 0;
        for (let ih = ih0; ih < ih1; ih++) {
          for (let iw = iw0; iw < iw1; iw++) sum = f(sum + crop[ih * inW + iw]!);
        }
        const v = f(f(sum / (ih1 - ih0)) / (iw1 - iw0));
        out[(c * outHeight + oh) * outWidth + ow] = f(f(v - 127.5) * 0.0078125);
      }
    }
  }
  return out;
}

/** A deterministic pseudo-random image with values in lo … hi. */
function randomImage(width: number, height: number, seed: number, lo = 0, hi = 255): RgbImage {
  let state = seed >>> 0;
  const data = new Uint8Array(3 * width * height);
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = lo + (state % (hi - lo + 1));
  }
  return { data, width, height };
}

/** Expects equal Float32Arrays, to the bit, naming the first difference. */
function expectBitEqual(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const i = a.findIndex((bits, k) => bits !== e[k]);
  expect(i < 0 ? 'equal' : `${what}: value ${i} is ${actual[i]}, PyTorch gives ${expected[i]}`).toBe('equal');
}

describe('bit-exact parity with PyTorch area interpolation', () => {
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
    { x: -10, y: -10, width: 60, height: 52 },
    { x: 40, y: 3, width: 9, height: 9 },
    { x: -30, y: -30, width: 25, height: 28 },
  ];
  const sizes = [
    [24, 24],
    [48, 48],
    [7, 5],
    [12, 12],
    [1, 1],
    [13, 31],
    [3, 50],
  ] as const;

  it('matches, with and without the whole image table, for regions inside, across and outside the border', () => {
    const whole = summedArea(noisy);
    for (const region of regions) {
      for (const [w, h] of sizes) {
        const expected = resampleLikePyTorch(noisy, region, w, h);
        const own = new Float32Array(3 * w * h);
        const shared = new Float32Array(3 * w * h);
        resampleRegion(noisy, region, w, h, own, 0);
        resampleRegion(noisy, region, w, h, shared, 0, whole);
        const what = `${JSON.stringify(region)} → ${w} × ${h}`;
        expectBitEqual(own, expected, what);
        expectBitEqual(shared, expected, what);
      }
    }
  });

  it('matches on random images, random regions and odd sizes', () => {
    let state = 12345;
    const next = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let t = 0; t < 40; t++) {
      const image = randomImage(1 + next(90), 1 + next(70), t);
      const whole = summedArea(image);
      for (let k = 0; k < 8; k++) {
        const region = {
          x: next(image.width + 40) - 20,
          y: next(image.height + 40) - 20,
          width: 1 + next(120),
          height: 1 + next(120),
        };
        const w = 1 + next(50);
        const h = 1 + next(50);
        const out = new Float32Array(3 * w * h);
        resampleRegion(image, region, w, h, out, 0, whole);
        expectBitEqual(
          out,
          resampleLikePyTorch(image, region, w, h),
          `${image.width} × ${image.height}, ${JSON.stringify(region)} → ${w} × ${h}`,
        );
      }
    }
  });

  it('resampleImage matches on a pyramid of odd sizes', () => {
    const image = randomImage(213, 157, 7);
    const whole = summedArea(image);
    const full = { x: 0, y: 0, width: image.width, height: image.height };
    for (const [w, h] of [
      [128, 95],
      [91, 67],
      [65, 48],
      [46, 34],
      [33, 24],
      [23, 17],
      [17, 12],
      [12, 12],
      [300, 200],
    ] as const) {
      expectBitEqual(
        resampleImage(image, w, h, whole),
        resampleLikePyTorch(image, full, w, h),
        `${w} × ${h}`,
      );
    }
  });

  it('rounds the bin sums in float32 as PyTorch does once they reach 2^24', () => {
    // Bright bins of 300 × 300 pixels sum to about 2 × 10^7 > 2^24: float32 rounds along the way.
    const image = randomImage(330, 310, 3, 200, 255);
    let exact = 0;
    let float32 = 0;
    for (let i = 0; i < 300 * 300; i++) {
      exact += image.data[3 * i]!;
      float32 = Math.fround(float32 + image.data[3 * i]!);
    }
    // (Our 300 × 300 test row-major order differs from the image's, but the point stands: rounding happens.)
    expect(float32).not.toBe(exact);
    const whole = summedArea(image);
    for (const [region, w, h] of [
      [{ x: 0, y: 0, width: 330, height: 310 }, 1, 1],
      [{ x: 0, y: 0, width: 330, height: 310 }, 2, 1],
      [{ x: 5, y: 7, width: 300, height: 300 }, 1, 1],
      [{ x: -100, y: 20, width: 400, height: 290 }, 1, 1],
      [{ x: -10, y: -10, width: 350, height: 330 }, 3, 2],
      [{ x: 0, y: 0, width: 330, height: 310 }, 12, 12],
    ] as const) {
      const out = new Float32Array(3 * w * h);
      resampleRegion(image, region, w, h, out, 0, whole);
      expectBitEqual(
        out,
        resampleLikePyTorch(image, region, w, h),
        `${JSON.stringify(region)} → ${w} × ${h}`,
      );
    }
  });
});
