import type { RgbImage } from '../image.js';
import { type AreaWeights, areaWeights } from './area-weights.js';
import { PIXEL_MEAN, PIXEL_SCALE } from './normalize.js';
import { MAX_EXACT_BOX_AREA, type SummedArea, summedArea } from './summed-area.js';

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

export function sharedAreaWeights(inLength: number, outLength: number): AreaWeights {
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

/** Per-output-column scratch, reused across calls (resampling is synchronous, so no call sees another's). */
let scratch = { runStart: new Int32Array(0), runEnd: new Int32Array(0), inverseWidth: new Float64Array(0) };

function columnScratch(length: number) {
  if (scratch.runStart.length < length) {
    scratch = {
      runStart: new Int32Array(length),
      runEnd: new Int32Array(length),
      inverseWidth: new Float64Array(length),
    };
  }
  return scratch;
}

/** Sums of integers below this are exact in float32, however they are accumulated. */
export const FLOAT32_EXACT_SUM = 2 ** 24;

/**
 * Channel `c` of the pixels in columns `x0 … x1 - 1`, rows `y0 … y1 - 1` (inside the image), summed as
 * PyTorch's kernel does: in float32, one pixel at a time, row by row. Only needed where the sum reaches 2^24
 * and float32 starts rounding (bins of more than 65,793 pixels, in images of several megapixels); zeros
 * outside the image would not change a float sum, so they are skipped.
 */
export function float32Sum(
  image: RgbImage,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  c: number,
): number {
  const pixels = image.data;
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    const end = 3 * (y * image.width + x1) + c;
    for (let at = 3 * (y * image.width + x0) + c; at < end; at += 3) sum = Math.fround(sum + pixels[at]!);
  }
  return sum;
}

/**
 * The sum PyTorch computes for channel `c` of one bin: exact from the table where that is what float32
 * gives (sum < 2^24, which needs the table's sum to be exact: at most MAX_EXACT_BOX_AREA pixels), summed
 * pixel by pixel otherwise. `upper`/`lower` and `start`/`end` are the bin's table offsets, `x0 … x1`,
 * `y0 … y1` the same bin in image pixels (clipped to the table).
 */
function binSum(
  image: RgbImage,
  data: Int32Array,
  upper: number,
  lower: number,
  start: number,
  end: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  c: number,
): number {
  if ((x1 - x0) * (y1 - y0) <= MAX_EXACT_BOX_AREA) {
    const sum =
      (data[lower + end + c]! -
        data[lower + start + c]! -
        data[upper + end + c]! +
        data[upper + start + c]!) >>>
      0;
    if (sum < FLOAT32_EXACT_SUM) return sum;
  }
  return float32Sum(image, x0, x1, y0, y1, c);
}

/** The summed-area table of the part of `region` that lies inside the image. */
function regionSums(image: RgbImage, region: PixelRegion): SummedArea {
  const left = Math.min(image.width, Math.max(0, region.x));
  const top = Math.min(image.height, Math.max(0, region.y));
  const right = Math.min(image.width, region.x + region.width);
  const bottom = Math.min(image.height, region.y + region.height);
  return summedArea(image, left, top, Math.max(0, right - left), Math.max(0, bottom - top));
}

/**
 * Area-resamples `region` of `image` to `outWidth` × `outHeight`, normalises each value as
 * (x - 127.5) × 0.0078125 and writes it as three planes (R, G, B: CHW) into `out` from `outOffset`.
 *
 * Bit for bit what the reference computes: PyTorch's `interpolate(mode='area')` (adaptive average pooling)
 * on a float32 tensor, then the normalisation in float32. Each output value is the bin's pixel sum `s` over
 * kh rows × kw columns (area-weights.ts; pixels outside the image are zeros that count in kh and kw), then
 * float32(float32(s / kh) / kw), then (v - 127.5) × 0.0078125 in double, rounded once to float32 by the store:
 * the same as float32 arithmetic, since v - 127.5 is exact in double for any v ≥ 2^-23 (× 2^-7 is exact) and a
 * smaller v - 127.5 rounds to -127.5 either way. The sum comes from a summed-area table (summed-area.ts) in
 * four reads, so a value costs the same whatever its bin's size; it is exact, as PyTorch's float32 sum is while
 * below 2^24 (larger sums are accumulated pixel by pixel in float32, see float32Sum). The two divisions are multiplications by
 * 1/kh and 1/kw, which round to the same float32: s and s / kh have at most 24 significant bits, so a quotient
 * by an integer k is never a float32 rounding midpoint and lies at least 2^-25 / k (relative) from one, much
 * more than the 2^-52 error of the product, for any k < 2^27.
 *
 * Pass `sums` covering the region (for example the whole image's, from `cachedSummedArea`) when many regions
 * of one image are resampled; without it, only the region's own pixels are summed.
 */
export function resampleRegion(
  image: RgbImage,
  region: PixelRegion,
  outWidth: number,
  outHeight: number,
  out: Float32Array,
  outOffset: number,
  sums: SummedArea = regionSums(image, region),
): void {
  resampleRows(image, region, outWidth, outHeight, { from: 0, to: outHeight }, out, outOffset, sums);
}

/** A run of output rows, `from` … `to - 1`. */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Rows `rows.from … rows.to - 1` of what {@link resampleRegion} computes for the whole output, bit for bit the
 * same values, written as three planes of `rows.to - rows.from` rows each. Lets a large output be made (and
 * used) in bands.
 */
function resampleRows(
  image: RgbImage,
  region: PixelRegion,
  outWidth: number,
  outHeight: number,
  rows: RowRange,
  out: Float32Array,
  outOffset: number,
  sums: SummedArea,
): void {
  resampleRowsOf(
    image,
    region.x,
    region.y,
    region.width,
    region.height,
    outWidth,
    outHeight,
    rows.from,
    rows.to,
    out,
    outOffset,
    sums.data,
    sums.left,
    sums.top,
    sums.width,
    sums.height,
    sums.stride,
  );
}

/**
 * {@link resampleRows} on the objects' fields. The hot loops take numbers, not objects: the regions, row ranges
 * and tables reach it from several callers with shapes V8 sees settle only during the first photos, and each
 * new shape would throw away this large function's optimised code and compile it again (on a core the lanes
 * need), where a small wrapper's recompile costs little.
 */
function resampleRowsOf(
  image: RgbImage,
  regionX: number,
  regionY: number,
  regionWidth: number,
  regionHeight: number,
  outWidth: number,
  outHeight: number,
  rowsFrom: number,
  rowsTo: number,
  out: Float32Array,
  outOffset: number,
  data: Int32Array,
  left: number,
  top: number,
  sumsWidth: number,
  sumsHeight: number,
  stride: number,
): void {
  const plane = outWidth * (rowsTo - rowsFrom);
  if (regionWidth <= 0 || regionHeight <= 0) {
    out.fill(-PIXEL_MEAN * PIXEL_SCALE, outOffset, outOffset + 3 * plane);
    return;
  }
  const wx = sharedAreaWeights(regionWidth, outWidth);
  const wy = sharedAreaWeights(regionHeight, outHeight);
  const right = left + sumsWidth;
  const bottom = top + sumsHeight;
  // Rows outside the table count as zeros, which is right only outside the image: a table made for fewer rows
  // (cachedSummedArea's partial tables) must hold every image row these output rows read.
  if (rowsTo > rowsFrom) {
    const firstRead = Math.max(0, regionY + wy.first[rowsFrom]!);
    const endRead = Math.min(image.height, regionY + wy.first[rowsTo - 1]! + wy.count[rowsTo - 1]!);
    if (endRead > firstRead && (firstRead < top || endRead > bottom)) {
      throw new RangeError(
        `the summed-area table holds image rows ${top}…${bottom - 1}, not rows ${firstRead}…${endRead - 1}`,
      );
    }
  }

  // Each output column's run of source columns, clipped to the table (outside pixels add 0), as offsets
  // into a table row, and 1 / its unclipped width.
  const { runStart, runEnd, inverseWidth } = columnScratch(outWidth);
  let widest = 0;
  for (let j = 0; j < outWidth; j++) {
    const from = Math.min(right, Math.max(left, regionX + wx.first[j]!));
    const to = Math.max(from, Math.min(right, regionX + wx.first[j]! + wx.count[j]!));
    runStart[j] = 3 * (from - left);
    runEnd[j] = 3 * (to - left);
    inverseWidth[j] = 1 / wx.count[j]!;
    if (to - from > widest) widest = to - from;
  }

  for (let i = rowsFrom; i < rowsTo; i++) {
    // The bin's rows, clipped to the table; all kh of them count.
    const firstRow = Math.min(bottom, Math.max(top, regionY + wy.first[i]!));
    const endRow = Math.max(firstRow, Math.min(bottom, regionY + wy.first[i]! + wy.count[i]!));
    const upper = (firstRow - top) * stride;
    const lower = (endRow - top) * stride;
    const inverseHeight = 1 / wy.count[i]!;
    const outRow = outOffset + (i - rowsFrom) * outWidth;
    // Every bin of this row sums below 2^24 (so exactly in the table) but in images of several megapixels
    // resampled to a few dozen pixels.
    if ((endRow - firstRow) * widest * 255 < FLOAT32_EXACT_SUM) {
      for (let j = 0; j < outWidth; j++) {
        const a = upper + runStart[j]!;
        const b = upper + runEnd[j]!;
        const c = lower + runStart[j]!;
        const d = lower + runEnd[j]!;
        // Below 2^24, so `| 0` (int32, the fast path) is the sum modulo 2^32 itself.
        const sr = (data[d]! - data[c]! - data[b]! + data[a]!) | 0;
        const sg = (data[d + 1]! - data[c + 1]! - data[b + 1]! + data[a + 1]!) | 0;
        const sb = (data[d + 2]! - data[c + 2]! - data[b + 2]! + data[a + 2]!) | 0;
        const iw = inverseWidth[j]!;
        out[outRow + j] = (Math.fround(Math.fround(sr * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
        out[outRow + plane + j] =
          (Math.fround(Math.fround(sg * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
        out[outRow + 2 * plane + j] =
          (Math.fround(Math.fround(sb * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
      }
    } else {
      for (let j = 0; j < outWidth; j++) {
        const start = runStart[j]!;
        const end = runEnd[j]!;
        const x0 = left + start / 3;
        const x1 = left + end / 3;
        const iw = inverseWidth[j]!;
        for (let ch = 0; ch < 3; ch++) {
          const sum = binSum(image, data, upper, lower, start, end, x0, x1, firstRow, endRow, ch);
          out[outRow + ch * plane + j] =
            (Math.fround(Math.fround(sum * inverseHeight) * iw) - PIXEL_MEAN) * PIXEL_SCALE;
        }
      }
    }
  }
}

/**
 * The image rows that output rows `rows` of the whole image area-resampled to `outHeight` rows read: what a
 * partial summed-area table must hold to make them.
 */
export function resampleSourceRows(inHeight: number, outHeight: number, rows: RowRange): RowRange {
  if (rows.to <= rows.from) return { from: 0, to: 0 };
  const w = sharedAreaWeights(inHeight, outHeight);
  return { from: w.first[rows.from]!, to: w.first[rows.to - 1]! + w.count[rows.to - 1]! };
}

/**
 * The whole image area-resampled to `outWidth` × `outHeight`, normalised, as a 1 × 3 × H × W tensor's data.
 * Pass the image's summed-area table when it is resampled at several sizes (a pyramid), and `out`
 * (3 × W × H values) to write into memory of your own.
 */
export function resampleImage(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  sums: SummedArea = summedArea(image),
  out: Float32Array = new Float32Array(3 * outWidth * outHeight),
): Float32Array {
  return resampleImageRows(image, outWidth, outHeight, { from: 0, to: outHeight }, sums, out);
}

/**
 * Rows `rows.from … rows.to - 1` of {@link resampleImage}'s output, bit for bit, as a 1 × 3 × (to - from) × W
 * tensor's data: a horizontal band of a pyramid level, for running P-Net on a level in parts.
 */
export function resampleImageRows(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  rows: RowRange,
  sums: SummedArea = summedArea(image),
  out: Float32Array = new Float32Array(3 * outWidth * (rows.to - rows.from)),
): Float32Array {
  if (!(0 <= rows.from && rows.from <= rows.to && rows.to <= outHeight)) {
    throw new RangeError(`rows ${rows.from}…${rows.to} are not within 0…${outHeight}`);
  }
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  resampleRows(image, whole, outWidth, outHeight, rows, out, 0, sums);
  return out;
}
