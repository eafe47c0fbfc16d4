/** Pixel value that maps to 0. */
export const PIXEL_MEAN = 127.5;
/** Scale after centring: 1/128, so pixels land in about [-1, 1]. */
export const PIXEL_SCALE = 0.0078125;

/** The reference normalisation of one 8-bit channel value: (x - 127.5) × 0.0078125. */
export function normalizePixel(value: number): number {
  return (value - PIXEL_MEAN) * PIXEL_SCALE;
}
