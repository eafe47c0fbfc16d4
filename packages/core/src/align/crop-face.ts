import { MtcnnError } from '../errors.js';
import type { Box } from '../geometry.js';
import type { RgbImage } from '../image.js';
import { areaWeights } from '../ops/area-weights.js';
import type { PixelRegion } from '../ops/resample.js';

/** facenet-pytorch's defaults for FaceNet (InceptionResnetV1) input: 160 px with no margin. */
export const FACENET_CROP_SIZE = 160;

export interface CropWithMarginOptions {
  /** Side of the square output, in pixels. Default 160. */
  readonly size?: number;
  /** Margin around the box in pixels of the output (split between both sides). Default 0, must be < size. */
  readonly margin?: number;
}

export interface FaceCrop {
  readonly image: RgbImage;
  /** The whole-pixel region of the source image that was resized into the crop. */
  readonly region: PixelRegion;
}

const CHANNELS = 3;

/**
 * facenet-pytorch's `extract_face`: the box grown by a margin, clipped to the image, cut at whole pixels and
 * resized to `size` × `size`. The margin is given in output pixels, so the source grows by
 * margin · boxSide / (size − margin) per axis, half on each side; corners are truncated to integers after
 * clipping (`int(max(x1 − m/2, 0))` …), and the region is stretched to a square without keeping its aspect
 * ratio (MTCNN's final boxes are nearly square). Resampling is area averaging, as facenet-pytorch's
 * `interpolate(mode='area')` on arrays and tensors; values are rounded (it truncates).
 */
export function cropFaceWithMargin(image: RgbImage, box: Box, options: CropWithMarginOptions = {}): FaceCrop {
  const size = options.size ?? FACENET_CROP_SIZE;
  const margin = options.margin ?? 0;
  if (!Number.isInteger(size) || size < 1) {
    throw new MtcnnError('INVALID_OPTION', `crop size must be a positive integer, got ${String(size)}`);
  }
  if (!Number.isFinite(margin) || margin < 0 || margin >= size) {
    throw new MtcnnError('INVALID_OPTION', `margin must be in [0, size), got ${String(margin)}`);
  }
  const grow = margin / (size - margin);
  const mx = box.width * grow;
  const my = box.height * grow;
  const x1 = Math.trunc(Math.max(box.x - mx / 2, 0));
  const y1 = Math.trunc(Math.max(box.y - my / 2, 0));
  const x2 = Math.trunc(Math.min(box.x + box.width + mx / 2, image.width));
  const y2 = Math.trunc(Math.min(box.y + box.height + my / 2, image.height));
  const region = { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
  if (!(region.width > 0 && region.height > 0)) {
    throw new MtcnnError('INVALID_OPTION', `the box ${JSON.stringify(box)} does not overlap the image`);
  }
  return { image: resizeRegion(image, region, size), region };
}

/** Area-resamples a region that lies inside `image` to `size` × `size`, separably (rows, then columns). */
function resizeRegion(image: RgbImage, region: PixelRegion, size: number): RgbImage {
  const { data, width } = image;
  const wx = areaWeights(region.width, size);
  const wy = areaWeights(region.height, size);
  const rows = new Float64Array(region.height * size * CHANNELS);
  for (let r = 0; r < region.height; r++) {
    const rowIn = (region.y + r) * width * CHANNELS;
    for (let j = 0; j < size; j++) {
      const from = region.x + wx.first[j]!;
      const to = from + wx.count[j]!;
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let x = from; x < to; x++) {
        const p = rowIn + x * CHANNELS;
        sr += data[p]!;
        sg += data[p + 1]!;
        sb += data[p + 2]!;
      }
      const o = (r * size + j) * CHANNELS;
      const w = wx.weight[j]!;
      rows[o] = sr * w;
      rows[o + 1] = sg * w;
      rows[o + 2] = sb * w;
    }
  }
  const out = new Uint8Array(size * size * CHANNELS);
  for (let i = 0; i < size; i++) {
    const first = wy.first[i]!;
    const n = wy.count[i]!;
    const w = wy.weight[i]!;
    for (let j = 0; j < size; j++) {
      for (let ch = 0; ch < CHANNELS; ch++) {
        let sum = 0;
        for (let t = 0; t < n; t++) sum += rows[((first + t) * size + j) * CHANNELS + ch]!;
        out[(i * size + j) * CHANNELS + ch] = Math.round(sum * w);
      }
    }
  }
  return { data: out, width: size, height: size };
}
