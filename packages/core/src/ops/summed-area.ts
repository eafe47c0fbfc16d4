import type { RgbImage } from '../image.js';

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

/** Fills the table's rows for the summed rows `from … to - 1` (table rows from + 1 … to; row 0 with `from` 0). */
function fill(image: RgbImage, sums: SummedArea, from = 0, to = sums.height): SummedArea {
  fillRows(image.data, image.width, sums.data, sums.left, sums.top, sums.width, sums.stride, from, to);
  return sums;
}

/**
 * {@link fill} on the fields: numbers and arrays, not objects, so that the tables' shapes settling during the
 * first photos cost recompiles of the small wrapper only (as resampleRowsOf in resample.ts).
 */
function fillRows(
  pixels: RgbImage['data'],
  imageWidth: number,
  data: Int32Array,
  left: number,
  top: number,
  width: number,
  stride: number,
  from: number,
  to: number,
): void {
  const run = 3 * width;
  // The sums over no rows (written: pooled buffers are not cleared).
  if (from === 0) data.fill(0, 0, stride);
  for (let r = from; r < to; r++) {
    const source = 3 * ((top + r) * imageWidth + left);
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
}

/** Bytes of a whole-image summed-area table of a `width` × `height` image (three Int32 sums per corner). */
export function summedAreaBytes(width: number, height: number): number {
  return 3 * (width + 1) * (height + 1) * Int32Array.BYTES_PER_ELEMENT;
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

/**
 * A whole-image table in `data` (at least 3 × (width + 1) × (height + 1) values; lent memory is fine, it is all
 * written) over the image's first `rows` rows: enough for what reads only the top of the image, such as the first
 * P-Net band, whose run can then start before the rest is summed. Grow it with {@link extendSummedArea}.
 */
export function partialSummedArea(image: RgbImage, data: Int32Array, rows: number): SummedArea {
  const { width, height } = image;
  const wanted = Math.min(height, Math.max(0, Math.ceil(rows)));
  return fill(image, { data, left: 0, top: 0, width, height: wanted, stride: 3 * (width + 1) });
}

/** `sums` (from {@link partialSummedArea}) summed down to at least row `rows`: the same memory, a taller table. */
export function extendSummedArea(image: RgbImage, sums: SummedArea, rows: number): SummedArea {
  const wanted = Math.min(image.height, Math.max(0, Math.ceil(rows)));
  if (sums.height >= wanted) return sums;
  return fill(image, { ...sums, height: wanted }, sums.height, wanted);
}
