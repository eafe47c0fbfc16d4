import { describe, expect, it } from 'vitest';
import { isMtcnnError } from '../errors.js';
import { type AffineMatrix, applyAffine, IDENTITY_AFFINE, invertAffine } from './affine.js';

describe('applyAffine', () => {
  it('computes (a·x + b·y + c, d·x + e·y + f)', () => {
    expect(applyAffine([2, 0, 1, 0, 3, -1], { x: 1, y: 2 })).toEqual({ x: 3, y: 5 });
    expect(applyAffine([0, -1, 0, 1, 0, 0], { x: 1, y: 0 })).toEqual({ x: 0, y: 1 });
    expect(applyAffine(IDENTITY_AFFINE, { x: -4.5, y: 7 })).toEqual({ x: -4.5, y: 7 });
  });
});

describe('invertAffine', () => {
  it('inverts a scale with a translation by hand: x = (x′ − 1) / 2, y = (y′ + 1) / 4', () => {
    const inverse = invertAffine([2, 0, 1, 0, 4, -1]);
    const expected: AffineMatrix = [0.5, 0, -0.5, 0, 0.25, 0.25];
    for (const [i, v] of inverse.entries()) expect(v).toBeCloseTo(expected[i]!, 12);
  });

  it('round-trips points through a general matrix', () => {
    const m: AffineMatrix = [0.8, -0.6, 12, 0.6, 0.8, -3];
    const back = invertAffine(m);
    for (const p of [
      { x: 0, y: 0 },
      { x: 5.5, y: -2 },
      { x: 100, y: 40 },
    ]) {
      const q = applyAffine(back, applyAffine(m, p));
      expect(q.x).toBeCloseTo(p.x, 10);
      expect(q.y).toBeCloseTo(p.y, 10);
    }
  });

  it('refuses a singular matrix with INVALID_OPTION', () => {
    expect(() => invertAffine([1, 2, 0, 2, 4, 0])).toThrow(/not invertible/);
    try {
      invertAffine([0, 0, 0, 0, 0, 0]);
    } catch (e) {
      expect(isMtcnnError(e, 'INVALID_OPTION')).toBe(true);
    }
  });
});
