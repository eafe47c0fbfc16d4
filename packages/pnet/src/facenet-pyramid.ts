import { PNET_CELL_SIZE } from './pyramid.js';

/**
 * The pyramid's scales as facenet-pytorch computes them: each scale the previous one times `factor` (in double,
 * one multiplication at a time, so a scale may differ from m × factor^k in its last bits), while the shorter side
 * times the scale, multiplied down the same way, is at least 12.
 */
export function facenetPyramidScales(
  width: number,
  height: number,
  minFaceSize: number,
  factor: number,
): number[] {
  let scale = PNET_CELL_SIZE / minFaceSize;
  let shortSide = Math.min(width, height) * scale;
  const scales: number[] = [];
  while (shortSide >= PNET_CELL_SIZE) {
    scales.push(scale);
    scale *= factor;
    shortSide *= factor;
  }
  return scales;
}

/**
 * The size facenet-pytorch resamples a level to: int(h × scale + 1) × int(w × scale + 1), one pixel more than the
 * reference's ceil(h × scale) where h × scale is a whole number.
 */
export function facenetScaledSize(
  width: number,
  height: number,
  scale: number,
): { width: number; height: number } {
  return { width: Math.trunc(width * scale + 1), height: Math.trunc(height * scale + 1) };
}
