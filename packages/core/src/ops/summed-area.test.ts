import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import {
  extendSummedArea,
  MAX_EXACT_BOX_AREA,
  partialSummedArea,
  type SummedArea,
  summedArea,
} from './summed-area.js';

// 3 × 2 image: R = x + 10y, G = 100, B = 255 - R.
const data = new Uint8Array(18);
for (let y = 0; y < 2; y++) {
  for (let x = 0; x < 3; x++) data.set([x + 10 * y, 100, 255 - x - 10 * y], 3 * (3 * y + x));
}
const image: RgbImage = { data, width: 3, height: 2 };

/** Channel c of the box of table columns x0 … x1 - 1, rows y0 … y1 - 1, with four reads. */
function box(sums: SummedArea, x0: number, y0: number, x1: number, y1: number, c: number): number {
  const { data: s, stride } = sums;
  return (
    (s[y1 * stride + 3 * x1 + c]! -
      s[y0 * stride + 3 * x1 + c]! -
      s[y1 * stride + 3 * x0 + c]! +
      s[y0 * stride + 3 * x0 + c]!) >>>
    0
  );
}

describe('summedArea', () => {
  it('holds the sums over the rows above and the columns left of each entry, per channel', () => {
    const sums = summedArea(image);
    expect(sums).toMatchObject({ left: 0, top: 0, width: 3, height: 2, stride: 12 });
    expect(sums.data).toHaveLength(36);
    // No rows: zeros.
    expect(Array.from(sums.data.subarray(0, 12))).toEqual(new Array(12).fill(0));
    // Row 0: R 0, 1, 2; G 100 each; B 255, 254, 253.
    expect(Array.from(sums.data.subarray(12, 24))).toEqual([0, 0, 0, 0, 100, 255, 1, 200, 509, 3, 300, 762]);
    // Rows 0 and 1 (row 1: R 10, 11, 12; B 245, 244, 243).
    expect(Array.from(sums.data.subarray(24, 36))).toEqual([
      0, 0, 0, 10, 200, 500, 22, 400, 998, 36, 600, 1494,
    ]);
  });

  it('sums any box with four reads', () => {
    const sums = summedArea(image);
    for (let y0 = 0; y0 <= 2; y0++) {
      for (let y1 = y0; y1 <= 2; y1++) {
        for (let x0 = 0; x0 <= 3; x0++) {
          for (let x1 = x0; x1 <= 3; x1++) {
            for (let c = 0; c < 3; c++) {
              let expected = 0;
              for (let y = y0; y < y1; y++)
                for (let x = x0; x < x1; x++) expected += data[3 * (3 * y + x) + c]!;
              expect(box(sums, x0, y0, x1, y1, c)).toBe(expected);
            }
          }
        }
      }
    }
  });

  it('sums a sub-rectangle from its own origin', () => {
    const sums = summedArea(image, 1, 1, 2, 1);
    expect(sums).toMatchObject({ left: 1, top: 1, width: 2, height: 1, stride: 9 });
    expect(Array.from(sums.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11, 100, 244, 23, 200, 487]);
  });

  it('handles an empty rectangle', () => {
    expect(Array.from(summedArea(image, 0, 0, 0, 2).data)).toEqual(new Array(9).fill(0));
    expect(Array.from(summedArea(image, 0, 0, 3, 0).data)).toEqual(new Array(12).fill(0));
  });

  it('gives exact box sums modulo 2^32, so any box of up to MAX_EXACT_BOX_AREA pixels is exact', () => {
    expect(255 * MAX_EXACT_BOX_AREA).toBe(2 ** 32 - 1);
    // A white image 4000 pixels wide: the table's entries wrap past 2^32 from its 4211th row, yet
    // every box, even across the wrap, sums exactly.
    const width = 4000;
    const height = 4300;
    const white: RgbImage = { data: new Uint8Array(3 * width * height).fill(255), width, height };
    const sums = summedArea(white);
    expect(sums.data[height * sums.stride + 3 * width]! >>> 0).toBe((255 * width * height) % 2 ** 32);
    expect(box(sums, 0, 4000, width, height, 0)).toBe(255 * width * 300);
    expect(box(sums, 17, 100, 3999, 4299, 2)).toBe(255 * 3982 * 4199);
  });
});

describe('partialSummedArea and extendSummedArea', () => {
  it('make only the rows asked for, and the rest when asked, the same as the whole table', () => {
    const tall: RgbImage = {
      data: Uint8Array.from({ length: 3 * 5 * 9 }, (_, k) => (k * 37) % 256),
      width: 5,
      height: 9,
    };
    const whole = summedArea(tall);
    // Memory with stale values: every value read must be written.
    const first = partialSummedArea(tall, new Int32Array(whole.data.length).fill(999), 4);
    expect(first.height).toBe(4);
    expect(Array.from(first.data.subarray(0, 5 * first.stride))).toEqual(
      Array.from(whole.data.subarray(0, 5 * whole.stride)),
    );
    // Fewer rows than made: the same table.
    expect(extendSummedArea(tall, first, 2)).toBe(first);
    const all = extendSummedArea(tall, first, 100);
    expect(all.height).toBe(9);
    expect(all.data).toBe(first.data);
    expect(Array.from(all.data)).toEqual(Array.from(whole.data));
  });
});
