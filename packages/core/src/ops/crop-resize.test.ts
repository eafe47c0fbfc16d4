import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { cropAndResize, cropAndResizeStreamed, referenceCropRegion } from './crop-resize.js';
import { summedArea } from './summed-area.js';

const norm = (v: number) => (v - 127.5) * 0.0078125;
const ZERO = -0.99609375;

// 4 × 4 test image: R = 10 × (4y + x) (0 … 150), G = 255 - R, B = 7.
const data = new Uint8Array(48);
for (let i = 0; i < 16; i++) data.set([10 * i, 255 - 10 * i, 7], 3 * i);
const grid: RgbImage = { data, width: 4, height: 4 };

function expectSlot(
  out: Float32Array,
  slot: number,
  size: number,
  r: number[],
  g: number[],
  b: number[],
): void {
  const plane = size * size;
  const base = slot * 3 * plane;
  [r, g, b].forEach((values, c) => {
    values.forEach((v, i) => {
      expect(out[base + c * plane + i]).toBeCloseTo(norm(v), 6);
    });
  });
}

describe('referenceCropRegion', () => {
  it("reproduces the reference's 1-based crop: columns trunc(x1) … trunc(x2), shifted to 0-based", () => {
    // trunc → 10, 20, 33, 43: x = 9, y = 19, width = 33 - 10 + 1 = 24, height = 43 - 20 + 1 = 24
    expect(referenceCropRegion(10.7, 20.2, 33.9, 43.5)).toEqual({ x: 9, y: 19, width: 24, height: 24 });
    expect(referenceCropRegion(1, 1, 1, 1)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    expect(referenceCropRegion(1, 2, 24, 48)).toEqual({ x: 0, y: 1, width: 24, height: 47 });
  });

  it('truncates negative corners toward zero', () => {
    // trunc(-3.7) = -3 → x = -4, width = 5 - (-3) + 1 = 9; trunc(-0.5) = 0 → y = -1, height = 8 - 0 + 1 = 9
    expect(referenceCropRegion(-3.7, -0.5, 5.2, 8.9)).toEqual({ x: -4, y: -1, width: 9, height: 9 });
  });

  it('gives a non-positive size for an inverted box', () => {
    const region = referenceCropRegion(10, 10, 8, 9);
    expect(region.width).toBe(-1);
    expect(region.height).toBe(0);
  });
});

describe('cropAndResize', () => {
  it('crops and resizes each box into its own slot of an N × 3 × S × S batch', () => {
    const list: [number, number, number, number][] = [
      // 0: trunc → (1, 1, 2, 2): region (0, 0) 2 × 2, identity: R 0, 10, 40, 50
      [1.9, 1.2, 2.8, 2.7],
      // 1: region (0, 0) 4 × 4 → 2 × 2 block means: R 25, 45, 105, 125
      [1, 1, 4, 4],
      // 2: crosses the border: region (3, 3) 2 × 2; only its top-left pixel (3, 3), R 150, is inside
      [4, 4, 5, 5],
      // 3: fully outside
      [10, 10, 13, 13],
      // 4: region (1, 2) 1 × 1, upscaled to 2 × 2: R = 10 × 9 = 90
      [2, 3, 2, 3],
    ];
    const boxes = Float64Array.from(list.flat());
    const out = cropAndResize(grid, boxes, 5, 2);
    expect(out).toHaveLength(5 * 3 * 2 * 2);
    expectSlot(out, 0, 2, [0, 10, 40, 50], [255, 245, 215, 205], [7, 7, 7, 7]);
    expectSlot(out, 1, 2, [25, 45, 105, 125], [230, 210, 150, 130], [7, 7, 7, 7]);
    expectSlot(out, 2, 2, [150, 0, 0, 0], [105, 0, 0, 0], [7, 0, 0, 0]);
    expect(Array.from(out.subarray(36, 48))).toEqual(new Array(12).fill(ZERO));
    expectSlot(out, 4, 2, [90, 90, 90, 90], [165, 165, 165, 165], [7, 7, 7, 7]);
  });

  it('fills the normalised zero for an inverted (empty) box', () => {
    const out = cropAndResize(grid, Float64Array.of(3, 3, 1, 1), 1, 2);
    expect(Array.from(out)).toEqual(new Array(12).fill(ZERO));
  });

  it('uses only the first `count` boxes', () => {
    const out = cropAndResize(grid, Float64Array.of(1, 1, 4, 4, 1, 1, 2, 2), 1, 2);
    expect(out).toHaveLength(12);
    expectSlot(out, 0, 2, [25, 45, 105, 125], [230, 210, 150, 130], [7, 7, 7, 7]);
  });

  it('returns an empty batch for no boxes', () => {
    expect(cropAndResize(grid, new Float64Array(0), 0, 24)).toHaveLength(0);
  });

  it('produces 24 × 24 crops of a constant image as a constant', () => {
    const image: RgbImage = { data: new Uint8Array(30 * 20 * 3).fill(100), width: 30, height: 20 };
    // Box inside: trunc → (2, 2, 17, 17), region (1, 1) 16 × 16 upscaled to 24 × 24
    const out = cropAndResize(image, Float64Array.of(2.5, 2.5, 17.5, 17.5), 1, 24);
    expect(out).toHaveLength(3 * 24 * 24);
    for (const v of out) expect(v).toBeCloseTo(norm(100), 6);
  });
});

describe('cropAndResizeStreamed', () => {
  it('crops as cropAndResize does from the whole table, bit for bit, on a real photo', async () => {
    const { data: pixels, info } = await sharp(samplePath('sample4.jpg'))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const image: RgbImage = { data: new Uint8Array(pixels), width: info.width, height: info.height };
    // Boxes of every kind a stage passes on: inside, across each border, enlarged, tiny, degenerate, outside,
    // with fractional corners, in no particular order.
    const { width: w, height: h } = image;
    const boxes = new Float64Array([
      100.3,
      200.7,
      340.2,
      440.9,
      -40.5,
      -12.2,
      80.1,
      120.6,
      w - 60.2,
      h - 30.8,
      w + 25.4,
      h + 40.1,
      10,
      10,
      12.5,
      11.2,
      300,
      300,
      300,
      300,
      -500,
      -500,
      w + 500,
      h + 500,
      w + 10,
      20,
      w + 60,
      70,
      5.9,
      h - 2.1,
      9.9,
      h + 0.5,
    ]);
    const count = boxes.length / 4;
    const sums = summedArea(image);
    for (const size of [24, 48, 7]) {
      const expected = cropAndResize(image, boxes, count, size, sums);
      const actual = cropAndResizeStreamed(image, boxes, count, size);
      expect(actual.length).toBe(expected.length);
      expect(Buffer.from(actual.buffer).equals(Buffer.from(expected.buffer)), `size ${size}`).toBe(true);
    }
  });
});
