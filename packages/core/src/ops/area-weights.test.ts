import { describe, expect, it } from 'vitest';
import { type AreaWeights, areaWeights } from './area-weights.js';

/** Output i's contributions as [inputIndex, weight] pairs. */
function taps(w: AreaWeights, i: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < w.count[i]!; t++) out.push([w.first[i]! + t, w.weight[i]!]);
  return out;
}

function expectTaps(w: AreaWeights, i: number, expected: [number, number][]): void {
  const actual = taps(w, i);
  expect(actual.map(([k]) => k)).toEqual(expected.map(([k]) => k));
  actual.forEach(([, weight], t) => {
    expect(weight).toBeCloseTo(expected[t]![1], 12);
  });
}

// Output i averages inputs floor(i·in/out) … ceil((i+1)·in/out) - 1 with equal weights (PyTorch's 'area').
describe('areaWeights', () => {
  it('averages pairs for an integer ratio 4 → 2', () => {
    const w = areaWeights(4, 2);
    expectTaps(w, 0, [
      [0, 0.5],
      [1, 0.5],
    ]);
    expectTaps(w, 1, [
      [2, 0.5],
      [3, 0.5],
    ]);
  });

  it('counts a shared edge pixel fully in both bins for a non-integer ratio 5 → 2', () => {
    // out 0: [floor(0), ceil(2.5)) = [0, 3); out 1: [floor(2.5), ceil(5)) = [2, 5); each tap 1/3.
    const w = areaWeights(5, 2);
    expectTaps(w, 0, [
      [0, 1 / 3],
      [1, 1 / 3],
      [2, 1 / 3],
    ]);
    expectTaps(w, 1, [
      [2, 1 / 3],
      [3, 1 / 3],
      [4, 1 / 3],
    ]);
  });

  it('handles 3 → 2', () => {
    // out 0: [0, ceil(1.5)) = [0, 2); out 1: [floor(1.5), 3) = [1, 3).
    const w = areaWeights(3, 2);
    expectTaps(w, 0, [
      [0, 0.5],
      [1, 0.5],
    ]);
    expectTaps(w, 1, [
      [1, 0.5],
      [2, 0.5],
    ]);
  });

  it('reads one input with weight 1 per output when upscaling 2 → 4', () => {
    // out i: [floor(i/2), ceil((i+1)/2)) = one pixel each.
    const w = areaWeights(2, 4);
    expectTaps(w, 0, [[0, 1]]);
    expectTaps(w, 1, [[0, 1]]);
    expectTaps(w, 2, [[1, 1]]);
    expectTaps(w, 3, [[1, 1]]);
  });

  it('mixes neighbours for a non-integer upscale 2 → 3', () => {
    // out 1: [floor(2/3), ceil(4/3)) = [0, 2) → 0.5, 0.5
    const w = areaWeights(2, 3);
    expectTaps(w, 0, [[0, 1]]);
    expectTaps(w, 1, [
      [0, 0.5],
      [1, 0.5],
    ]);
    expectTaps(w, 2, [[1, 1]]);
  });

  it('is the identity for n → n', () => {
    for (const n of [1, 7, 24, 48]) {
      const w = areaWeights(n, n);
      for (let i = 0; i < n; i++) expectTaps(w, i, [[i, 1]]);
    }
  });

  it('averages everything into a single output', () => {
    const w = areaWeights(4, 1);
    expectTaps(w, 0, [
      [0, 0.25],
      [1, 0.25],
      [2, 0.25],
      [3, 0.25],
    ]);
  });

  it('has weights summing to 1, within the input, covering every input, for many size pairs', () => {
    const sizes = [1, 2, 3, 5, 7, 12, 13, 23, 24, 25, 47, 48, 49, 97, 100, 333, 1000, 1920];
    const problems: string[] = [];
    for (const inLength of sizes) {
      for (const outLength of sizes) {
        const w = areaWeights(inLength, outLength);
        expect(w.first).toHaveLength(outLength);
        const covered = new Uint8Array(inLength);
        for (let i = 0; i < outLength; i++) {
          const t = taps(w, i);
          if (t.length === 0) problems.push(`${inLength}→${outLength} out ${i}: no taps`);
          let sum = 0;
          for (const [k, weight] of t) {
            if (k < 0 || k >= inLength) problems.push(`${inLength}→${outLength} out ${i}: input ${k}`);
            covered[k] = 1;
            sum += weight;
          }
          if (!(Math.abs(sum - 1) < 1e-12)) problems.push(`${inLength}→${outLength} out ${i}: sum ${sum}`);
        }
        if (covered.includes(0)) problems.push(`${inLength}→${outLength}: an input is never read`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses exact integer bin edges where floating point would round (1920 → 1152)', () => {
    // 1152 · 1920 / 1152 = 1920 exactly; bin 575: [floor(575·1920/1152), ceil(576·1920/1152)) = [958, 960).
    const w = areaWeights(1920, 1152);
    expect(w.first[575]).toBe(958);
    expect(w.count[575]).toBe(2);
    expect(w.first[1151]! + w.count[1151]!).toBe(1920);
  });
});
