import { describe, expect, it } from 'vitest';
import { verificationReport } from './roc.js';

describe('verificationReport', () => {
  it('finds the best split, the AUC and TAR at FAR on similarities', () => {
    const genuine = [0.9, 0.8, 0.7, 0.45];
    const impostor = [0.1, 0.2, 0.3, 0.5, 0.0];
    const r = verificationReport(genuine, impostor, 'cosine', [0.2, 0.01]);
    expect(r.genuinePairs).toBe(4);
    expect(r.impostorPairs).toBe(5);
    // Best: accept from midway 0.3 … 0.45 (4/4 genuine, 4/5 impostors rejected: 0.9), not 0.5 … 0.7 (0.875).
    expect(r.best.threshold).toBeCloseTo(0.375, 12);
    expect(r.best.accuracy).toBeCloseTo(0.9, 12);
    // Pairs won: 0.9, 0.8, 0.7 beat all 5; 0.45 beats 4 → 19 of 20.
    expect(r.auc).toBeCloseTo(19 / 20, 12);
    // FAR 0.2 of 5 lets one impostor through: accept above 0.3, and 0.5 passes.
    expect(r.atFar[0]).toMatchObject({ far: 0.2, tar: 1, achievedFar: 0.2, supported: true });
    expect(r.atFar[0]!.threshold).toBeGreaterThan(0.3);
    expect(r.atFar[0]!.threshold).toBeLessThan(0.3 + 1e-12);
    expect(r.atFar[1]).toMatchObject({ far: 0.01, tar: 0.75, achievedFar: 0, supported: false });
    expect(r.worstGenuine).toBe(0.45);
    expect(r.worstImpostor).toBe(0.5);
    expect(r.at(0.6)).toEqual({ tar: 0.75, trr: 1, accuracy: 0.875 });
  });

  it('reads distances the other way round', () => {
    const r = verificationReport([0.2, 0.3], [0.9, 0.8, 0.25], 'euclidean', [0.34]);
    // Accept up to midway 0.3 … 0.8: both genuine pairs and 0.25 in (5/6), better than up to 0.225 (3/4).
    expect(r.best.threshold).toBeCloseTo(0.55, 12);
    const at = r.at(0.5);
    expect(at.tar).toBe(1);
    expect(at.trr).toBeCloseTo(2 / 3, 12);
    expect(at.accuracy).toBeCloseTo(5 / 6, 12);
    expect(r.atFar[0]!.threshold).toBeLessThan(0.8);
    expect(r.atFar[0]!.threshold).toBeGreaterThan(0.8 - 1e-12);
    expect(r.atFar[0]!.tar).toBe(1);
    expect(r.auc).toBeCloseTo(5 / 6, 12);
    expect(r.worstGenuine).toBe(0.3);
    expect(r.worstImpostor).toBe(0.25);
  });

  it('needs both kinds of pairs', () => {
    expect(() => verificationReport([], [0.1], 'cosine')).toThrow(/genuine and impostor/);
  });
});
