import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { cachedRowSums, releaseRowSums, rowSums } from './row-sums.js';

// 3 × 2 image: R = x + 10y, G = 100, B = 255 - R.
const data = new Uint8Array(18);
for (let y = 0; y < 2; y++) {
  for (let x = 0; x < 3; x++) data.set([x + 10 * y, 100, 255 - x - 10 * y], 3 * (3 * y + x));
}
const image: RgbImage = { data, width: 3, height: 2 };

describe('rowSums', () => {
  it('holds running sums per row and channel, starting from 0', () => {
    const sums = rowSums(image);
    expect(sums).toMatchObject({ left: 0, top: 0, width: 3, height: 2, stride: 12 });
    // Row 0: R 0, 1, 2; G 100 each; B 255, 254, 253.
    expect(Array.from(sums.data.subarray(0, 12))).toEqual([0, 0, 0, 0, 100, 255, 1, 200, 509, 3, 300, 762]);
    // Row 1: R 10, 11, 12.
    expect(Array.from(sums.data.subarray(12, 24))).toEqual([
      0, 0, 0, 10, 100, 245, 21, 200, 489, 33, 300, 732,
    ]);
  });

  it('sums a sub-rectangle from its own origin', () => {
    const sums = rowSums(image, 1, 1, 2, 1);
    expect(sums).toMatchObject({ left: 1, top: 1, width: 2, height: 1, stride: 9 });
    expect(Array.from(sums.data)).toEqual([0, 0, 0, 11, 100, 244, 23, 200, 487]);
  });

  it('handles an empty rectangle', () => {
    expect(rowSums(image, 0, 0, 0, 2).data).toHaveLength(6);
    expect(rowSums(image, 0, 0, 3, 0).data).toHaveLength(0);
  });

  it('stores integer sums exactly (32-bit for any realistic row)', () => {
    const white: RgbImage = { data: new Uint8Array(3 * 4000).fill(255), width: 4000, height: 1 };
    const sums = rowSums(white);
    expect(sums.data).toBeInstanceOf(Uint32Array);
    expect(sums.data[3 * 4000]).toBe(255 * 4000);
  });
});

describe('cachedRowSums', () => {
  it('computes once per image object', () => {
    const first = cachedRowSums(image);
    expect(cachedRowSums(image)).toBe(first);
    expect(cachedRowSums({ ...image })).not.toBe(first);
    expect(Array.from(first.data)).toEqual(Array.from(rowSums(image).data));
  });
});

describe('releaseRowSums', () => {
  it('hands the memory to the next image, which still gets exact sums', () => {
    const first = { ...image };
    const sums = cachedRowSums(first);
    sums.data.fill(999);
    releaseRowSums(first);
    const next = { ...image };
    const reused = cachedRowSums(next);
    expect(reused.data.buffer).toBe(sums.data.buffer);
    expect(Array.from(reused.data)).toEqual(Array.from(rowSums(image).data));
    releaseRowSums(next);
    releaseRowSums(next);
  });
});
