import type { RgbImage } from '../image.js';
import { TypedArrayPool } from './buffer-pool.js';

/**
 * A summed-area table (integral image) of an RGB image: `data[(y - top) * stride + 3 * (x - left) + c]` is
 * the sum of channel `c` over rows `top … y - 1` and columns `left … x - 1`, so its first row and first column
 * (per channel) are zeros and any box of pixels sums with four reads:
 *
 *     (S[y1][x1] - S[y0][x1] - S[y1][x0] + S[y0][x0]) >>> 0
 *
 * The entries are kept modulo 2^32 (Uint32Array stores wrap), and so is that expression, which is therefore
 * the exact box sum whenever the true sum is below 2^32: for any box of at most {@link MAX_EXACT_BOX_AREA}
 * pixels, whatever the image size. Built once per image, it makes every pyramid scale and every crop cost
 * what its output needs, independent of the area it spans.
 */
export interface SummedArea {
  readonly data: Uint32Array;
  /** The image columns `left … left + width - 1` and rows `top … top + height - 1` that are summed. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Entries per table row: 3 × (width + 1). The table has height + 1 rows. */
  readonly stride: number;
}

/** Largest box, in pixels, whose sum the table gives exactly: 255 × this = 2^32 - 1. */
export const MAX_EXACT_BOX_AREA = 16_843_009;

/** Whole-image tables between a detection's first use and its end. */
const uint32Pool = new TypedArrayPool<Uint32Array>((n) => new Uint32Array(n));

function fill(image: RgbImage, sums: SummedArea): SummedArea {
  const { data, left, top, width, height, stride } = sums;
  const pixels = image.data;
  const run = 3 * width;
  // The sums over no rows (written: pooled buffers are not cleared).
  data.fill(0, 0, stride);
  for (let r = 0; r < height; r++) {
    const from = 3 * ((top + r) * image.width + left);
    const at = (r + 1) * stride + 3;
    // The sums over no columns.
    data[at - 3] = 0;
    data[at - 2] = 0;
    data[at - 1] = 0;
    // This row's running sums plus the table row above, all in int32 arithmetic: it wraps modulo 2^32 as the
    // stores do, so it stays exact modulo 2^32 even where a row's sums pass 2^31.
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let k = 0; k < run; k += 3) {
      sr = (sr + pixels[from + k]!) | 0;
      sg = (sg + pixels[from + k + 1]!) | 0;
      sb = (sb + pixels[from + k + 2]!) | 0;
      const i = at + k;
      data[i] = (sr + data[i - stride]!) | 0;
      data[i + 1] = (sg + data[i + 1 - stride]!) | 0;
      data[i + 2] = (sb + data[i + 2 - stride]!) | 0;
    }
  }
  return sums;
}

/** The summed-area table of the rectangle `left, top, width × height` of `image`, which must lie inside it. */
export function summedArea(
  image: RgbImage,
  left = 0,
  top = 0,
  width = image.width,
  height = image.height,
): SummedArea {
  const stride = 3 * (width + 1);
  return fill(image, { data: new Uint32Array(stride * (height + 1)), left, top, width, height, stride });
}

const cache = new WeakMap<RgbImage, SummedArea>();

/**
 * The whole image's summed-area table, computed on first use and kept until {@link releaseSummedArea} (or as
 * long as the image object lives). The detector makes a fresh image object for every call and releases it at
 * the end, so P-Net's pyramid and the R-Net and O-Net crops of one call share one computation, and the next
 * call reuses the memory. Do not use this on an image object whose pixels change afterwards; call
 * {@link summedArea}.
 */
export function cachedSummedArea(image: RgbImage): SummedArea {
  let sums = cache.get(image);
  if (!sums) {
    const { width, height } = image;
    const stride = 3 * (width + 1);
    const data = uint32Pool.acquire(stride * (height + 1));
    sums = fill(image, { data, left: 0, top: 0, width, height, stride });
    cache.set(image, sums);
  }
  return sums;
}

/** Ends the use of `image`'s cached summed-area table; its memory goes to the next image. */
export function releaseSummedArea(image: RgbImage): void {
  const sums = cache.get(image);
  if (!sums) return;
  cache.delete(image);
  uint32Pool.release(sums.data);
}
