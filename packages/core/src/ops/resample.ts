import type { RgbImage } from '../image.js';
import { areaWeights } from './area-weights.js';
import { PIXEL_MEAN, PIXEL_SCALE } from './normalize.js';

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

/**
 * Area-resamples `region` of `image` to `outWidth` × `outHeight`, normalises each value as
 * (x - 127.5) × 0.0078125 and writes it as three planes (R, G, B: CHW) into `out` from `outOffset`.
 * Separable: a horizontal pass into a row buffer, then a vertical pass.
 */
export function resampleRegion(
  image: RgbImage,
  region: PixelRegion,
  outWidth: number,
  outHeight: number,
  out: Float32Array,
  outOffset: number,
): void {
  const { data, width, height } = image;
  const plane = outWidth * outHeight;
  if (region.width <= 0 || region.height <= 0) {
    out.fill(-PIXEL_MEAN * PIXEL_SCALE, outOffset, outOffset + 3 * plane);
    return;
  }
  const wx = areaWeights(region.width, outWidth);
  const wy = areaWeights(region.height, outHeight);

  // Horizontal pass, only over the region rows that the vertical pass reads and that lie in the image.
  const rows = new Float64Array(region.height * outWidth * 3);
  for (let r = 0; r < region.height; r++) {
    const y = region.y + r;
    if (y < 0 || y >= height) continue;
    const rowIn = y * width * 3;
    const rowOut = r * outWidth * 3;
    for (let j = 0; j < outWidth; j++) {
      let sr = 0;
      let sg = 0;
      let sb = 0;
      const from = Math.max(0, region.x + wx.first[j]!);
      const to = Math.min(width, region.x + wx.first[j]! + wx.count[j]!);
      for (let x = from; x < to; x++) {
        const p = rowIn + 3 * x;
        sr += data[p]!;
        sg += data[p + 1]!;
        sb += data[p + 2]!;
      }
      const w = wx.weight[j]!;
      rows[rowOut + 3 * j] = sr * w;
      rows[rowOut + 3 * j + 1] = sg * w;
      rows[rowOut + 3 * j + 2] = sb * w;
    }
  }

  // Vertical pass, normalising on the way out.
  for (let i = 0; i < outHeight; i++) {
    const first = wy.first[i]!;
    const n = wy.count[i]!;
    const w = wy.weight[i]!;
    const outRow = outOffset + i * outWidth;
    for (let j = 0; j < outWidth; j++) {
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let t = 0; t < n; t++) {
        const p = ((first + t) * outWidth + j) * 3;
        sr += rows[p]!;
        sg += rows[p + 1]!;
        sb += rows[p + 2]!;
      }
      out[outRow + j] = (sr * w - PIXEL_MEAN) * PIXEL_SCALE;
      out[outRow + plane + j] = (sg * w - PIXEL_MEAN) * PIXEL_SCALE;
      out[outRow + 2 * plane + j] = (sb * w - PIXEL_MEAN) * PIXEL_SCALE;
    }
  }
}

/** The whole image area-resampled to `outWidth` × `outHeight`, normalised, as a 1 × 3 × H × W tensor's data. */
export function resampleImage(image: RgbImage, outWidth: number, outHeight: number): Float32Array {
  const out = new Float32Array(3 * outWidth * outHeight);
  resampleRegion(
    image,
    { x: 0, y: 0, width: image.width, height: image.height },
    outWidth,
    outHeight,
    out,
    0,
  );
  return out;
}
