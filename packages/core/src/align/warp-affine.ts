import { MtcnnError } from '../errors.js';
import type { RgbImage } from '../image.js';
import { type AffineMatrix, invertAffine } from './affine.js';

/**
 * What a sample reads outside the image. `zero`: black, as OpenCV's `warpAffine` with its default constant
 * border of 0 (insightface's `norm_crop`); `edge`: the nearest border pixel, repeated.
 */
export type WarpFill = 'zero' | 'edge';

export interface WarpOptions {
  /** Default 'zero'. */
  readonly fill?: WarpFill;
}

const CHANNELS = 3;
const MAX_VALUE = 255;

/**
 * Writes into `out` (3 bytes from `offset`) the bilinear interpolation of `image` at (x, y), pixel centres
 * on integers. Each of the four neighbours outside the image reads as black (`zero`) or as the nearest
 * border pixel (`edge`), so a sample half a pixel past the border fades towards black with `zero`, as in
 * OpenCV. Values are rounded to the nearest integer.
 */
export function sampleBilinear(
  image: RgbImage,
  x: number,
  y: number,
  fill: WarpFill,
  out: Uint8Array,
  offset: number,
): void {
  const { data, width, height } = image;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let k = 0; k < 4; k++) {
    const dx = k & 1;
    const dy = k >> 1;
    const w = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);
    if (w === 0) continue;
    let px = x0 + dx;
    let py = y0 + dy;
    if (px < 0 || py < 0 || px >= width || py >= height) {
      if (fill === 'zero') continue;
      px = Math.min(width - 1, Math.max(0, px));
      py = Math.min(height - 1, Math.max(0, py));
    }
    const p = (py * width + px) * CHANNELS;
    r += w * data[p]!;
    g += w * data[p + 1]!;
    b += w * data[p + 2]!;
  }
  out[offset] = Math.min(MAX_VALUE, Math.round(r));
  out[offset + 1] = Math.min(MAX_VALUE, Math.round(g));
  out[offset + 2] = Math.min(MAX_VALUE, Math.round(b));
}

/**
 * The `width` × `height` image whose pixel (x, y) is `image` bilinearly sampled at `matrix⁻¹(x, y)`: `matrix`
 * maps source coordinates to output coordinates, as OpenCV's `warpAffine(src, M, dsize)`. Outside the
 * source, samples read black by default (`fill: 'edge'` repeats the border instead).
 */
export function warpAffine(
  image: RgbImage,
  matrix: AffineMatrix,
  width: number,
  height: number,
  options: WarpOptions = {},
): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `warp output size must be positive integers, got ${String(width)}×${String(height)}`,
    );
  }
  const fill = options.fill ?? 'zero';
  if (fill !== 'zero' && fill !== 'edge') {
    throw new MtcnnError('INVALID_OPTION', `fill must be 'zero' or 'edge', got ${String(fill)}`);
  }
  const [a, b, c, d, e, f] = invertAffine(matrix);
  const out = new Uint8Array(width * height * CHANNELS);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      sampleBilinear(image, a * x + b * y + c, d * x + e * y + f, fill, out, (y * width + x) * CHANNELS);
    }
  }
  return { data: out, width, height };
}
