import { MtcnnError } from '../errors.js';
import type { Point } from '../geometry.js';
import { type AffineMatrix, applyAffine } from './affine.js';

/**
 * The similarity transform (rotation, uniform scale, translation; never a reflection) that maps `src` onto
 * `dst` with the least sum of squared distances: Umeyama's least-squares estimate, as scikit-image's
 * `SimilarityTransform.estimate` that insightface's `norm_crop` uses.
 *
 * In 2-D a rotation with a scale is one complex number s, and Umeyama's SVD solution (with its determinant
 * correction that rules out reflections) reduces to the closed form s = Σ conj(xᵢ)·yᵢ / Σ |xᵢ|² over the
 * centred points xᵢ (source) and yᵢ (destination): no SVD needed, and the result is the same optimum.
 */
export function estimateSimilarityTransform(src: readonly Point[], dst: readonly Point[]): AffineMatrix {
  if (src.length !== dst.length || src.length < 2) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `a similarity transform needs two lists of at least 2 corresponding points, got ${src.length} and ${dst.length}`,
    );
  }
  const n = src.length;
  let sx = 0;
  let sy = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i]!.x;
    sy += src[i]!.y;
    dx += dst[i]!.x;
    dy += dst[i]!.y;
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;

  let dot = 0; // Re Σ conj(x)·y
  let cross = 0; // Im Σ conj(x)·y
  let norm = 0; // Σ |x|²
  for (let i = 0; i < n; i++) {
    const x = src[i]!.x - sx;
    const y = src[i]!.y - sy;
    const u = dst[i]!.x - dx;
    const v = dst[i]!.y - dy;
    dot += x * u + y * v;
    cross += x * v - y * u;
    norm += x * x + y * y;
  }
  if (!(norm > 0) || !Number.isFinite(dot + cross)) {
    throw new MtcnnError(
      'INVALID_OPTION',
      'the source points must be finite and not all equal to fit a similarity transform',
    );
  }
  const a = dot / norm; // scale · cos θ
  const b = cross / norm; // scale · sin θ
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)];
}

/** Root-mean-square distance between `matrix` applied to `src` and `dst`: the fit's residual, in pixels. */
export function transformResidual(
  matrix: AffineMatrix,
  src: readonly Point[],
  dst: readonly Point[],
): number {
  let sum = 0;
  for (let i = 0; i < src.length; i++) {
    const p = applyAffine(matrix, src[i]!);
    sum += (p.x - dst[i]!.x) ** 2 + (p.y - dst[i]!.y) ** 2;
  }
  return Math.sqrt(sum / src.length);
}
