import { describe, expect, it } from 'vitest';
import { pnetCandidates } from './pnet-candidates.js';

describe('pnetCandidates', () => {
  // 3 × 2 map, row-major. Cell i = y × 3 + x.
  const prob = Float32Array.of(
    0.1,
    0.75, // (1, 0): equal to the threshold, kept
    0.9, // (2, 0)
    0.5,
    Math.fround(0.74999994), // (1, 1): the float32 just below 0.75, dropped
    0.75, // (2, 1)
  );
  // Plane c holds c + i / 8 at cell i (exact in float32).
  const regression = new Float32Array(4 * 6);
  for (let c = 0; c < 4; c++) for (let i = 0; i < 6; i++) regression[c * 6 + i] = c + i / 8;

  it('keeps cells with probability ≥ threshold, in row-major order, with their boxes, scores and offsets', () => {
    const result = pnetCandidates(prob, regression, 3, 2, 0.5, 0.75);
    expect(result.count).toBe(3);
    // scale 0.5: x1 = (2x + 1) × 2, x2 = (2x + 12) × 2
    // (1, 0): [6, 2, 28, 24]; (2, 0): [10, 2, 32, 24]; (2, 1): [10, 6, 32, 28]
    expect(Array.from(result.boxes)).toEqual([6, 2, 28, 24, 10, 2, 32, 24, 10, 6, 32, 28]);
    expect(Array.from(result.scores)).toEqual([0.75, Math.fround(0.9), 0.75]);
    // cells 1, 2, 5
    expect(Array.from(result.offsets!)).toEqual([
      0.125, 1.125, 2.125, 3.125, 0.25, 1.25, 2.25, 3.25, 0.625, 1.625, 2.625, 3.625,
    ]);
    expect(result.points).toBeUndefined();
  });

  it('maps cells back with truncation at a non-trivial scale', () => {
    // scale 0.709:
    // (0, 0): x1 = y1 = trunc(1 / 0.709 = 1.41) = 1; x2 = y2 = trunc(12 / 0.709 = 16.93) = 16
    // (2, 1): x1 = trunc(5 / 0.709 = 7.05) = 7; y1 = trunc(3 / 0.709 = 4.23) = 4;
    //         x2 = trunc(16 / 0.709 = 22.57) = 22; y2 = trunc(14 / 0.709 = 19.75) = 19
    const p = Float32Array.of(0.9, 0, 0, 0, 0, 0.9);
    const result = pnetCandidates(p, new Float32Array(24), 3, 2, 0.709, 0.6);
    expect(result.count).toBe(2);
    expect(Array.from(result.boxes)).toEqual([1, 1, 16, 16, 7, 4, 22, 19]);
  });

  it('truncates rather than rounds (scale 0.625, exact in binary)', () => {
    // (0, 0): x1 = y1 = trunc(1 / 0.625 = 1.6) = 1; x2 = y2 = trunc(12 / 0.625 = 19.2) = 19
    // (1, 1): x1 = y1 = trunc(3 / 0.625 = 4.8) = 4; x2 = y2 = trunc(14 / 0.625 = 22.4) = 22
    const result = pnetCandidates(Float32Array.of(0.9, 0, 0, 0.9), new Float32Array(16), 2, 2, 0.625, 0.6);
    expect(Array.from(result.boxes)).toEqual([1, 1, 19, 19, 4, 4, 22, 22]);
  });

  it('maps cell (0, 0) at scale 1 to [1, 1, 12, 12]', () => {
    const result = pnetCandidates(Float32Array.of(1), new Float32Array(4), 1, 1, 1, 0.5);
    expect(Array.from(result.boxes)).toEqual([1, 1, 12, 12]);
  });

  it('returns no candidates when no cell reaches the threshold', () => {
    const result = pnetCandidates(prob, regression, 3, 2, 0.5, 0.95);
    expect(result.count).toBe(0);
    expect(result.boxes).toHaveLength(0);
    expect(result.scores).toHaveLength(0);
    expect(result.offsets).toHaveLength(0);
  });

  it('keeps every cell at threshold 0', () => {
    const result = pnetCandidates(prob, regression, 3, 2, 1, 0);
    expect(result.count).toBe(6);
    // scale 1: (x, y) → [2x + 1, 2y + 1, 2x + 12, 2y + 12]; check the last, (2, 1)
    expect(Array.from(result.boxes.subarray(20))).toEqual([5, 3, 16, 14]);
    expect(result.offsets![4 * 3 + 1]).toBe(1 + 3 / 8);
  });

  it('handles an empty map', () => {
    expect(pnetCandidates(new Float32Array(0), new Float32Array(0), 0, 0, 1, 0.5).count).toBe(0);
  });

  it('decodes a band of the map from its first row as the whole map does', () => {
    const whole = pnetCandidates(prob, regression, 3, 2, 0.5, 0.75);
    // Row 1 alone, as P-Net run on a band starting at map row 1 returns it.
    const band = pnetCandidates(prob.subarray(3, 6), bandRegression(1, 2), 3, 1, 0.5, 0.75, 1);
    expect(band.count).toBe(1);
    expect(Array.from(band.boxes)).toEqual(Array.from(whole.boxes.subarray(8, 12)));
    expect(Array.from(band.scores)).toEqual([whole.scores[2]]);
    expect(Array.from(band.offsets!)).toEqual(Array.from(whole.offsets!.subarray(8, 12)));
  });

  /** Rows from … to - 1 of the 3 × 2 regression planes, as planes of their own. */
  function bandRegression(from: number, to: number): Float32Array {
    const rows = to - from;
    const out = new Float32Array(4 * 3 * rows);
    for (let c = 0; c < 4; c++) out.set(regression.subarray(c * 6 + 3 * from, c * 6 + 3 * to), c * 3 * rows);
    return out;
  }
});
