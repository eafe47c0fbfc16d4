import type { RgbImage } from '../image.js';
import { resampleRegion } from './resample.js';
import { ResampleStream } from './resample-stream.js';
import type { SummedArea } from './summed-area.js';

/**
 * The pixels the reference crops for a box: it truncates the corners and, in its 1-based indexing, takes
 * columns trunc(x1) … trunc(x2) inclusive, i.e. 0-based columns trunc(x1) - 1 … trunc(x2) - 1 (and the
 * same for rows). We keep that off-by-one so that crops, and so scores and boxes, match the reference.
 */
export function referenceCropRegion(x1: number, y1: number, x2: number, y2: number) {
  const left = Math.trunc(x1);
  const top = Math.trunc(y1);
  return {
    x: left - 1,
    y: top - 1,
    width: Math.trunc(x2) - left + 1,
    height: Math.trunc(y2) - top + 1,
  };
}

/**
 * The pixels facenet-pytorch crops for a box (its `pad`): the corners truncated to integers, then clamped to
 * 1 … width and 1 … height, and 0-based columns trunc(x1) - 1 … trunc(x2) - 1 taken (the same for rows). The
 * crop never reaches past the image, so there is no zero fill: a box that sticks out is resized whole from its
 * part inside, and its aspect ratio changes. Empty (width or height ≤ 0) when the box lies outside the image.
 */
export function clampedCropRegion(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  imageWidth: number,
  imageHeight: number,
) {
  const left = Math.max(1, Math.trunc(x1));
  const top = Math.max(1, Math.trunc(y1));
  const right = Math.min(imageWidth, Math.trunc(x2));
  const bottom = Math.min(imageHeight, Math.trunc(y2));
  return { x: left - 1, y: top - 1, width: right - left + 1, height: bottom - top + 1 };
}

/** How a crop's pixels are picked: the reference's zero-filled region, or facenet-pytorch's clamped one. */
export type CropRule = 'reference' | 'clamped';

/** Box `i`'s crop region under `rule`. */
function cropRegion(image: RgbImage, boxes: Float64Array, i: number, rule: CropRule) {
  const b = 4 * i;
  return rule === 'clamped'
    ? clampedCropRegion(boxes[b]!, boxes[b + 1]!, boxes[b + 2]!, boxes[b + 3]!, image.width, image.height)
    : referenceCropRegion(boxes[b]!, boxes[b + 1]!, boxes[b + 2]!, boxes[b + 3]!);
}

/**
 * Crops `count` boxes (x1, y1, x2, y2) from `image`, zero-filling what lies outside it, area-resamples each
 * to `size` × `size` and normalises: the N × 3 × size × size input of R-Net (24) or O-Net (48). With the whole
 * image's summed-area table (`cachedSummedArea`), each crop costs its output size rather than its box's area. `out`, if
 * given, receives the count × 3 × size × size values. With `rule` 'clamped' the crops are facenet-pytorch's
 * (clampedCropRegion); the caller drops boxes whose clamped crop is empty, as facenet-pytorch does.
 */
export function cropAndResize(
  image: RgbImage,
  boxes: Float64Array,
  count: number,
  size: number,
  sums?: SummedArea,
  out: Float32Array = new Float32Array(count * 3 * size * size),
  rule: CropRule = 'reference',
): Float32Array {
  const perBox = 3 * size * size;
  for (let i = 0; i < count; i++) {
    const region = cropRegion(image, boxes, i, rule);
    resampleRegion(image, region, size, size, out, i * perBox, sums);
  }
  return out;
}

/**
 * {@link cropAndResize} without a summed-area table, bit for bit the same values: every crop made in one pass
 * down the image (resample-stream.ts), for images too large for a whole table. `out`, if given, receives the
 * count × 3 × size × size values; `rule` as for cropAndResize.
 */
export function cropAndResizeStreamed(
  image: RgbImage,
  boxes: Float64Array,
  count: number,
  size: number,
  out: Float32Array = new Float32Array(count * 3 * size * size),
  rule: CropRule = 'reference',
): Float32Array {
  const perBox = 3 * size * size;
  const stream = new ResampleStream(image);
  for (let i = 0; i < count; i++) {
    const region = cropRegion(image, boxes, i, rule);
    const target = { out, offset: i * perBox };
    stream.add(region, size, size, { from: 0, to: size }, () => target);
  }
  stream.advanceTo(image.height);
  return out;
}
