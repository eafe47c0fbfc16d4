import type { RgbImage } from '../image.js';
import { TypedArrayPool } from './buffer-pool.js';

/**
 * Running sums along each pixel row: `data[(y - top) * stride + 3 * (x - left) + c]` is the sum of channel
 * `c` over columns `left … x - 1` of row `y`, so any run of columns sums with one subtraction. Sums of 8-bit
 * values are integers, so they are exact, and a resampler that adds them reproduces summing the pixels one by
 * one bit for bit. Built once per image, they make every pyramid scale and every crop cost what its output
 * needs instead of what its source region spans.
 */
export interface RowSums {
  readonly data: Uint32Array | Float64Array;
  /** The image columns `left … left + width - 1` and rows `top … top + height - 1` that are summed. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Entries per row: 3 × (width + 1). */
  readonly stride: number;
}

/** Widest row whose sums still fit 32 bits (255 per channel value). */
const MAX_UINT32_ROW = Math.floor(0xffffffff / 255);

/** Whole-image sums between a detection's first use and its end. */
const uint32Pool = new TypedArrayPool<Uint32Array>((n) => new Uint32Array(n));

function fill(image: RgbImage, sums: RowSums): RowSums {
  const { data, left, top, width, height, stride } = sums;
  const pixels = image.data;
  for (let r = 0; r < height; r++) {
    let from = 3 * ((top + r) * image.width + left);
    let at = r * stride;
    let sr = 0;
    let sg = 0;
    let sb = 0;
    // The sum over no columns (written: pooled buffers are not cleared).
    data[at] = 0;
    data[at + 1] = 0;
    data[at + 2] = 0;
    for (let x = 0; x < width; x++, from += 3) {
      sr += pixels[from]!;
      sg += pixels[from + 1]!;
      sb += pixels[from + 2]!;
      at += 3;
      data[at] = sr;
      data[at + 1] = sg;
      data[at + 2] = sb;
    }
  }
  return sums;
}

/** Row sums of the rectangle `left, top, width × height` of `image`, which must lie inside it. */
export function rowSums(
  image: RgbImage,
  left = 0,
  top = 0,
  width = image.width,
  height = image.height,
): RowSums {
  const stride = 3 * (width + 1);
  const data = width <= MAX_UINT32_ROW ? new Uint32Array(stride * height) : new Float64Array(stride * height);
  return fill(image, { data, left, top, width, height, stride });
}

const cache = new WeakMap<RgbImage, RowSums>();

/**
 * The whole image's row sums, computed on first use and kept until {@link releaseRowSums} (or as long as the
 * image object lives). The detector makes a fresh image object for every call and releases it at the end, so
 * P-Net's pyramid and the R-Net and O-Net crops of one call share one computation, and the next call reuses
 * the memory. Do not use this on an image object whose pixels change afterwards; call {@link rowSums}.
 */
export function cachedRowSums(image: RgbImage): RowSums {
  let sums = cache.get(image);
  if (!sums) {
    const { width, height } = image;
    const stride = 3 * (width + 1);
    sums =
      width <= MAX_UINT32_ROW
        ? fill(image, { data: uint32Pool.acquire(stride * height), left: 0, top: 0, width, height, stride })
        : rowSums(image);
    cache.set(image, sums);
  }
  return sums;
}

/** Ends the use of `image`'s cached row sums; their memory goes to the next image. */
export function releaseRowSums(image: RgbImage): void {
  const sums = cache.get(image);
  if (!sums) return;
  cache.delete(image);
  if (sums.data instanceof Uint32Array) uint32Pool.release(sums.data);
}
