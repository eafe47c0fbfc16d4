import { MtcnnError } from '../errors.js';
import type { Point } from '../geometry.js';

/**
 * A 2-D affine map as the first two rows of its 3 × 3 matrix, row-major, OpenCV's layout:
 * `[a, b, c, d, e, f]` sends (x, y) to (a·x + b·y + c, d·x + e·y + f). Coordinates are in pixels with
 * pixel centres on integers (pixel (i, j) is the point x = i, y = j), the convention of MTCNN's boxes and
 * landmarks and of OpenCV's `warpAffine`.
 */
export type AffineMatrix = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

export const IDENTITY_AFFINE: AffineMatrix = [1, 0, 0, 0, 1, 0];

/** Where `matrix` sends `point`. */
export function applyAffine(matrix: AffineMatrix, point: Point): Point {
  const [a, b, c, d, e, f] = matrix;
  return { x: a * point.x + b * point.y + c, y: d * point.x + e * point.y + f };
}

/** The inverse map. Throws INVALID_OPTION when `matrix` is singular (it flattens the plane). */
export function invertAffine(matrix: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = matrix;
  const det = a * e - b * d;
  if (!Number.isFinite(det) || det === 0) {
    throw new MtcnnError('INVALID_OPTION', `the affine matrix [${matrix.join(', ')}] is not invertible`);
  }
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}
