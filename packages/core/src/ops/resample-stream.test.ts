import { samplePath } from '@mtcnn/fixtures';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbImage } from '../image.js';
import { type PixelRegion, type RowRange, resampleImageRows, resampleRegion } from './resample.js';
import { ResampleStream } from './resample-stream.js';
import { summedArea } from './summed-area.js';

async function decode(name: string, width?: number, height?: number): Promise<RgbImage> {
  let pipeline = sharp(samplePath(name)).autoOrient();
  if (width && height) pipeline = pipeline.resize(width, height, { fit: 'fill' });
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** Bit for bit: the float32 values' bytes (so -0 and NaN would count too). */
function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) differing++;
  expect(differing, what).toBe(0);
}

/** Cuts 0 … height into bands of `size` rows (the last one shorter). */
function bandsOf(height: number, size: number): RowRange[] {
  const bands: RowRange[] = [];
  for (let from = 0; from < height; from += size) bands.push({ from, to: Math.min(height, from + size) });
  return bands;
}

let photo: RgbImage;
let wide: RgbImage;

beforeAll(async () => {
  photo = await decode('sample1.jpg');
  // A large image whose bins at small sizes sum past 2^24, where float32 rounds (resample.ts's slow path).
  wide = await decode('sample3.jpg', 3001, 2403);
});

describe('ResampleStream', () => {
  it('makes every level of a pyramid, in row bands of any height, bit for bit as from the whole table', () => {
    const sums = summedArea(photo);
    // The default pyramid's sizes of this photo, and a few odd ones (upscaled too).
    const sizes: [number, number][] = [];
    for (let s = 0.6; Math.min(photo.width, photo.height) * s >= 12; s *= 0.709) {
      sizes.push([Math.ceil(photo.width * s), Math.ceil(photo.height * s)]);
    }
    sizes.push([13, 7], [1, 1], [photo.width + 17, photo.height + 3]);
    for (const bandRows of [1, 2, 7, 33, 1000]) {
      const stream = new ResampleStream(photo);
      const jobs: { out: Float32Array; expected: Float32Array; done: number; what: string }[] = [];
      for (const [w, h] of sizes) {
        for (const rows of bandsOf(h, bandRows)) {
          const out = new Float32Array(3 * w * (rows.to - rows.from) + 5).fill(Number.NaN);
          const done = stream.add({ x: 0, y: 0, ...photo }, w, h, rows, () => ({ out, offset: 5 }));
          const expected = resampleImageRows(photo, w, h, rows, sums);
          jobs.push({
            out,
            expected,
            done,
            what: `${w}×${h} rows ${rows.from}…${rows.to}, bands of ${bandRows}`,
          });
        }
      }
      // Advanced to each job's row in turn, as a stage takes its runs.
      jobs.sort((a, b) => a.done - b.done);
      for (const job of jobs) {
        stream.advanceTo(job.done);
        expectSameBits(job.out.subarray(5), job.expected, job.what);
      }
    }
  });

  it('crops regions inside, across and outside the border, shrunk and enlarged, as resampleRegion does', () => {
    const sums = summedArea(photo);
    const { width, height } = photo;
    const regions: PixelRegion[] = [
      { x: 100, y: 80, width: 240, height: 240 },
      { x: -30, y: -11, width: 97, height: 131 },
      { x: width - 50, y: height - 20, width: 91, height: 77 },
      { x: 413, y: 207, width: 9, height: 11 },
      { x: 0, y: 0, width, height },
      { x: -width, y: -height, width: 3 * width, height: 3 * height },
      { x: width + 5, y: 10, width: 40, height: 40 },
      { x: 10, y: 10, width: 0, height: 40 },
      { x: 10, y: height - 1, width: 1, height: 1 },
    ];
    const stream = new ResampleStream(photo);
    const jobs: { out: Float32Array; expected: Float32Array; what: string }[] = [];
    for (const region of regions) {
      for (const size of [24, 48, 5]) {
        const out = new Float32Array(3 * size * size).fill(Number.NaN);
        stream.add(region, size, size, { from: 0, to: size }, () => ({ out, offset: 0 }));
        const expected = new Float32Array(3 * size * size);
        resampleRegion(photo, region, size, size, expected, 0, sums);
        jobs.push({ out, expected, what: `${JSON.stringify(region)} at ${size}` });
      }
    }
    stream.advanceTo(height);
    for (const job of jobs) expectSameBits(job.out, job.expected, job.what);
  });

  it('rounds bins that sum past 2^24 in float32, as resample.ts does', () => {
    const sums = summedArea(wide);
    const stream = new ResampleStream(wide);
    const jobs: { out: Float32Array; expected: Float32Array; what: string }[] = [];
    for (const [w, h] of [
      [8, 6],
      [13, 11],
      [3, 2],
    ] as const) {
      for (const rows of bandsOf(h, 3)) {
        const out = new Float32Array(3 * w * (rows.to - rows.from));
        stream.add({ x: 0, y: 0, ...wide }, w, h, rows, () => ({ out, offset: 0 }));
        jobs.push({
          out,
          expected: resampleImageRows(wide, w, h, rows, sums),
          what: `${w}×${h} ${rows.from}`,
        });
      }
    }
    stream.advanceTo(wide.height);
    for (const job of jobs) expectSameBits(job.out, job.expected, job.what);
  });

  it('asks for a target only when it writes, and refuses outputs it has passed', () => {
    const stream = new ResampleStream(photo);
    let asked = 0;
    const out = new Float32Array(3 * 20 * 10);
    const done = stream.add({ x: 0, y: 300, width: 200, height: 100 }, 20, 10, { from: 0, to: 10 }, () => {
      asked++;
      return { out, offset: 0 };
    });
    expect(done).toBe(400);
    stream.advanceTo(305);
    expect(asked).toBe(0);
    stream.advanceTo(done);
    expect(asked).toBe(1);
    expect(stream.rowsSummed).toBe(400);
    expect(() =>
      stream.add({ x: 0, y: 0, width: 10, height: 10 }, 2, 2, { from: 0, to: 2 }, () => ({ out, offset: 0 })),
    ).toThrow(RangeError);
  });
});
