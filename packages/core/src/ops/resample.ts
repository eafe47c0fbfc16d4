import type { RgbImage } from '../image.js';
import { type AreaWeights, areaWeights } from './area-weights.js';
import { PIXEL_MEAN, PIXEL_SCALE } from './normalize.js';
import { type RowSums, rowSums } from './row-sums.js';

/**
 * A rectangle of whole pixels, in 0-based pixel indices of the image. It may extend past the image: pixels
 * outside read as 0, as in the reference's zero-padded crops.
 */
export interface PixelRegion {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Memo of area weights: R-Net and O-Net crop hundreds of boxes of a few dozen distinct sizes per image. */
const weightsMemo = new Map<number, AreaWeights>();
/** Distinct (input, output) length pairs kept before the memo starts over. */
const WEIGHTS_MEMO_LIMIT = 4096;
/** Output lengths stay far below this (it separates the two lengths in the memo key). */
const KEY_SPAN = 2 ** 21;

function sharedAreaWeights(inLength: number, outLength: number): AreaWeights {
  const key = inLength * KEY_SPAN + outLength;
  let weights = weightsMemo.get(key);
  if (!weights) {
    if (weightsMemo.size >= WEIGHTS_MEMO_LIMIT) weightsMemo.clear();
    weights = areaWeights(inLength, outLength);
    // Only memoise when the key is unambiguous.
    if (outLength < KEY_SPAN) weightsMemo.set(key, weights);
  }
  return weights;
}

/** Column-run scratch, reused across calls (resampling is synchronous, so no call sees another's). */
let scratch = { runStart: new Int32Array(0), runEnd: new Int32Array(0) };

function runScratch(length: number) {
  if (scratch.runStart.length < length) {
    scratch = { runStart: new Int32Array(length), runEnd: new Int32Array(length) };
  }
  return scratch;
}

/** The part of `region` that lies inside the image, as the rectangle of row sums it needs. */
function regionSums(image: RgbImage, region: PixelRegion): RowSums {
  const left = Math.max(0, region.x);
  const top = Math.max(0, region.y);
  const right = Math.min(image.width, region.x + region.width);
  const bottom = Math.min(image.height, region.y + region.height);
  return rowSums(image, left, top, Math.max(0, right - left), Math.max(0, bottom - top));
}

/**
 * Area-resamples `region` of `image` to `outWidth` × `outHeight`, normalises each value as
 * (x - 127.5) × 0.0078125 and writes it as three planes (R, G, B: CHW) into `out` from `outOffset`.
 *
 * Separable, on running row sums (see row-sums.ts): each output row adds, over the source rows it covers,
 * each output column's run of source pixels (one subtraction) times that column's weight, then scales by the
 * row weight. The additions happen in the same order as summing pixel by pixel, so the result is the same to
 * the bit. Pass `sums` covering the region (for example the whole image's, from `cachedRowSums`) when many
 * regions of one image are resampled; without it, only the region's own rows are summed.
 */
export function resampleRegion(
  image: RgbImage,
  region: PixelRegion,
  outWidth: number,
  outHeight: number,
  out: Float32Array,
  outOffset: number,
  sums: RowSums = regionSums(image, region),
): void {
  const plane = outWidth * outHeight;
  if (region.width <= 0 || region.height <= 0) {
    out.fill(-PIXEL_MEAN * PIXEL_SCALE, outOffset, outOffset + 3 * plane);
    return;
  }
  const wx = sharedAreaWeights(region.width, outWidth);
  const wy = sharedAreaWeights(region.height, outHeight);
  const { data, left, top, stride } = sums;
  const right = left + sums.width;
  const bottom = top + sums.height;

  // Each output column's run of source columns, clipped to the image (outside pixels add 0), as offsets
  // into a row of sums.
  const { runStart, runEnd } = runScratch(outWidth);
  for (let j = 0; j < outWidth; j++) {
    const from = Math.min(right, Math.max(left, region.x + wx.first[j]!));
    const to = Math.max(from, Math.min(right, region.x + wx.first[j]! + wx.count[j]!));
    runStart[j] = 3 * (from - left);
    runEnd[j] = 3 * (to - left);
  }
  const columnWeight = wx.weight;

  for (let i = 0; i < outHeight; i++) {
    // Rows outside the image add nothing.
    const firstRow = Math.max(top, region.y + wy.first[i]!);
    const endRow = Math.min(bottom, region.y + wy.first[i]! + wy.count[i]!);
    const firstOffset = (firstRow - top) * stride;
    const endOffset = (endRow - top) * stride;
    const w = wy.weight[i]!;
    const outRow = outOffset + i * outWidth;
    for (let j = 0; j < outWidth; j++) {
      const start = runStart[j]!;
      const end = runEnd[j]!;
      const cw = columnWeight[j]!;
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let row = firstOffset; row < endOffset; row += stride) {
        const s = row + start;
        const e = row + end;
        sr += (data[e]! - data[s]!) * cw;
        sg += (data[e + 1]! - data[s + 1]!) * cw;
        sb += (data[e + 2]! - data[s + 2]!) * cw;
      }
      out[outRow + j] = (sr * w - PIXEL_MEAN) * PIXEL_SCALE;
      out[outRow + plane + j] = (sg * w - PIXEL_MEAN) * PIXEL_SCALE;
      out[outRow + 2 * plane + j] = (sb * w - PIXEL_MEAN) * PIXEL_SCALE;
    }
  }
}

/**
 * The whole image area-resampled to `outWidth` × `outHeight`, normalised, as a 1 × 3 × H × W tensor's data.
 * Pass the image's row sums when it is resampled at several sizes (a pyramid), and `out` (3 × W × H values)
 * to write into memory of your own.
 */
export function resampleImage(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  sums: RowSums = rowSums(image),
  out: Float32Array = new Float32Array(3 * outWidth * outHeight),
): Float32Array {
  resampleRegion(
    image,
    { x: 0, y: 0, width: image.width, height: image.height },
    outWidth,
    outHeight,
    out,
    0,
    sums,
  );
  return out;
}
