import type { RgbImage } from '../image.js';
import { TypedArrayPool } from './buffer-pool.js';

/**
 * A summed-area table (integral image) of an RGB image: `data[(y - top) * stride + 3 * (x - left) + c]` is
 * the sum of channel `c` over rows `top … y - 1` and columns `left … x - 1`, so its first row and first column
 * (per channel) are zeros and any box of pixels sums with four reads:
 *
 *     (S[y1][x1] - S[y0][x1] - S[y1][x0] + S[y0][x0]) >>> 0
 *
 * The entries are kept modulo 2^32 (as int32: Int32Array stores wrap, and reading int32 keeps the arithmetic in
 * V8's fast integer path), and so is that expression (`>>> 0`), which is therefore
 * the exact box sum whenever the true sum is below 2^32: for any box of at most {@link MAX_EXACT_BOX_AREA}
 * pixels, whatever the image size. Built once per image, it makes every pyramid scale and every crop cost
 * what its output needs, independent of the area it spans.
 */
export interface SummedArea {
  readonly data: Int32Array;
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
const int32Pool = new TypedArrayPool<Int32Array>((n) => new Int32Array(n));

/** Fills the table's rows for the summed rows `from … to - 1` (table rows from + 1 … to; row 0 with `from` 0). */
function fill(image: RgbImage, sums: SummedArea, from = 0, to = sums.height): SummedArea {
  const { data, left, top, width, stride } = sums;
  const pixels = image.data;
  const run = 3 * width;
  // The sums over no rows (written: pooled buffers are not cleared).
  if (from === 0) data.fill(0, 0, stride);
  for (let r = from; r < to; r++) {
    const source = 3 * ((top + r) * image.width + left);
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
      sr = (sr + pixels[source + k]!) | 0;
      sg = (sg + pixels[source + k + 1]!) | 0;
      sb = (sb + pixels[source + k + 2]!) | 0;
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
  return fill(image, { data: new Int32Array(stride * (height + 1)), left, top, width, height, stride });
}

/** An image's cached table: the rows summed so far, as a table of that height. */
interface CachedTable {
  sums: SummedArea;
}

const cache = new WeakMap<RgbImage, CachedTable>();

/**
 * The image's summed-area table over its first `rows` rows at least (default: all), computed on first use, and
 * further as later calls ask for more rows, and kept until {@link releaseSummedArea} (or as long as the image
 * object lives). The detector makes a fresh image object for every call and releases it at the end, so P-Net's
 * pyramid and the R-Net and O-Net crops of one call share one computation, and the next call reuses the memory.
 * Asking for the rows a P-Net band needs lets its run start before the rest of the table is made. Do not use
 * this on an image object whose pixels change afterwards; call {@link summedArea}.
 */
export function cachedSummedArea(image: RgbImage, rows: number = image.height): SummedArea {
  const wanted = Math.min(image.height, Math.max(0, Math.ceil(rows)));
  let cached = cache.get(image);
  if (!cached) {
    const { width, height } = image;
    const stride = 3 * (width + 1);
    const data = int32Pool.acquire(stride * (height + 1));
    cached = { sums: fill(image, { data, left: 0, top: 0, width, height: wanted, stride }) };
    cache.set(image, cached);
  } else if (cached.sums.height < wanted) {
    const grown = { ...cached.sums, height: wanted };
    cached.sums = fill(image, grown, cached.sums.height, wanted);
  }
  return cached.sums;
}

/** Ends the use of `image`'s cached summed-area table; its memory goes to the next image. */
export function releaseSummedArea(image: RgbImage): void {
  const cached = cache.get(image);
  if (!cached) return;
  cache.delete(image);
  int32Pool.release(cached.sums.data);
}
