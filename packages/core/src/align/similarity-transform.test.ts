import { describe, expect, it } from 'vitest';
import { isMtcnnError } from '../errors.js';
import type { Point } from '../geometry.js';
import { type AffineMatrix, applyAffine } from './affine.js';
import { estimateSimilarityTransform, transformResidual } from './similarity-transform.js';

// Five points shaped like a face (the ArcFace template), so the fits below run on realistic geometry.
const FACE: Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

const EXACT = 9; // decimal places: noiseless fits are exact up to rounding

function expectMatrix(actual: AffineMatrix, expected: AffineMatrix, digits = EXACT) {
  actual.forEach((v, i) => {
    expect(v, `matrix[${i}]`).toBeCloseTo(expected[i]!, digits);
  });
}

function sumOfSquares(m: AffineMatrix, src: Point[], dst: Point[]): number {
  return src.length * transformResidual(m, src, dst) ** 2;
}

describe('estimateSimilarityTransform', () => {
  it('identity: identical point sets give the identity', () => {
    expectMatrix(estimateSimilarityTransform(FACE, FACE), [1, 0, 0, 0, 1, 0]);
  });

  it('pure translation is recovered exactly', () => {
    const moved = FACE.map((p) => ({ x: p.x + 5, y: p.y - 3 }));
    expectMatrix(estimateSimilarityTransform(FACE, moved), [1, 0, 5, 0, 1, -3]);
  });

  it('rotation by 90° with scale 2 and a translation is recovered exactly', () => {
    // (x, y) → (−2y + 10, 2x + 20)
    const dst = FACE.map((p) => ({ x: -2 * p.y + 10, y: 2 * p.x + 20 }));
    expectMatrix(estimateSimilarityTransform(FACE, dst), [0, -2, 10, 2, 0, 20]);
  });

  it('rotation by 30° with scale 0.5 is recovered exactly', () => {
    const a = 0.5 * Math.cos(Math.PI / 6); // 0.5 · √3/2
    const b = 0.5 * Math.sin(Math.PI / 6); // 0.25
    const m: AffineMatrix = [a, -b, -7.25, b, a, 3.5];
    const dst = FACE.map((p) => applyAffine(m, p));
    expectMatrix(estimateSimilarityTransform(FACE, dst), m);
    expect(transformResidual(estimateSimilarityTransform(FACE, dst), FACE, dst)).toBeLessThan(1e-9);
  });

  it('noisy points: the hand-computed least-squares fit and its residual', () => {
    // A diamond whose left and right points are pushed out by e. By symmetry there is no rotation or
    // translation; scale s minimises 2(1 + e − s)² + 2(1 − s)², so s = 1 + e/2, and every point is off by
    // e/2: RMS residual e/2.
    const e = 0.4;
    const src = [
      { x: 1, y: 0 },
      { x: 0, y: 1 },
      { x: -1, y: 0 },
      { x: 0, y: -1 },
    ];
    const dst = [
      { x: 1 + e, y: 0 },
      { x: 0, y: 1 },
      { x: -1 - e, y: 0 },
      { x: 0, y: -1 },
    ];
    const m = estimateSimilarityTransform(src, dst);
    expectMatrix(m, [1 + e / 2, 0, 0, 0, 1 + e / 2, 0]);
    expect(transformResidual(m, src, dst)).toBeCloseTo(e / 2, EXACT);
  });

  it('noisy face points: the fit is a least-squares optimum (any nudge of a parameter costs more)', () => {
    const noise = [0.9, -1.3, 0.4, 1.1, -0.7, 0.2, -0.5, -0.8, 1.4, 0.3];
    const truth: AffineMatrix = [1.7, -0.4, 300, 0.4, 1.7, 120];
    const dst = FACE.map((p, i) => {
      const q = applyAffine(truth, p);
      return { x: q.x + noise[2 * i]!, y: q.y + noise[2 * i + 1]! };
    });
    const m = estimateSimilarityTransform(FACE, dst);
    const best = sumOfSquares(m, FACE, dst);
    expect(best).toBeGreaterThan(0);
    // Parameters of a similarity: a (= e), b (= −d), c, f.
    const params = [m[0], m[3], m[2], m[5]];
    const build = ([a, b, c, f]: number[]): AffineMatrix => [a!, -b!, c!, b!, a!, f!];
    for (let k = 0; k < params.length; k++) {
      for (const delta of [1e-3, -1e-3]) {
        const nudged = [...params];
        nudged[k]! += delta;
        expect(sumOfSquares(build(nudged), FACE, dst)).toBeGreaterThan(best);
      }
    }
    // The true transform is one candidate, so the least-squares fit does at least as well as it does.
    expect(best).toBeLessThanOrEqual(sumOfSquares(truth, FACE, dst));
    expect(m[0]).toBeCloseTo(truth[0], 1);
    expect(m[3]).toBeCloseTo(truth[3], 1);
  });

  it('never reflects: a mirrored target still gives a rotation-and-scale matrix (a = e, b = −d)', () => {
    const mirrored = FACE.map((p) => ({ x: -p.x, y: p.y }));
    const m = estimateSimilarityTransform(FACE, mirrored);
    expect(m[0]).toBeCloseTo(m[4], 12);
    expect(m[1]).toBeCloseTo(-m[3], 12);
    expect(m[0] * m[4] - m[1] * m[3]).toBeGreaterThanOrEqual(0);
  });

  it('refuses mismatched, too few or degenerate points with INVALID_OPTION', () => {
    const cases: [Point[], Point[]][] = [
      [FACE, FACE.slice(1)],
      [[{ x: 1, y: 1 }], [{ x: 2, y: 2 }]],
      [
        [
          { x: 3, y: 3 },
          { x: 3, y: 3 },
        ],
        FACE.slice(0, 2),
      ],
    ];
    for (const [src, dst] of cases) {
      let error: unknown;
      try {
        estimateSimilarityTransform(src, dst);
      } catch (e) {
        error = e;
      }
      expect(isMtcnnError(error, 'INVALID_OPTION')).toBe(true);
    }
  });
});
