import { describe, expect, it } from 'vitest';
import { type AreaWeights, areaWeights } from './area-weights.js';

/** Output i's contributions as [inputIndex, weight] pairs. */
function taps(w: AreaWeights, i: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < w.count[i]!; t++) out.push([w.first[i]! + t, w.weights[w.offset[i]! + t]!]);
  return out;
}

function expectTaps(w: AreaWeights, i: number, expected: [number, number][]): void {
  const actual = taps(w, i);
  expect(actual.map(([k]) => k)).toEqual(expected.map(([k]) => k));
  actual.forEach(([, weight], t) => {
    expect(weight).toBeCloseTo(expected[t]![1], 12);
  });
}

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

  it('splits a pixel for a non-integer ratio 5 → 2', () => {
    // r = 2.5: out 0 covers [0, 2.5): px0 1, px1 1, px2 0.5 → / 2.5 = 0.4, 0.4, 0.2
    //          out 1 covers [2.5, 5): px2 0.5, px3 1, px4 1 → 0.2, 0.4, 0.4
    const w = areaWeights(5, 2);
    expectTaps(w, 0, [
      [0, 0.4],
      [1, 0.4],
      [2, 0.2],
    ]);
    expectTaps(w, 1, [
      [2, 0.2],
      [3, 0.4],
      [4, 0.4],
    ]);
  });

  it('handles 3 → 2', () => {
    // r = 1.5: out 0 covers [0, 1.5): px0 1, px1 0.5 → 2/3, 1/3; out 1 covers [1.5, 3): 1/3, 2/3
    const w = areaWeights(3, 2);
    expectTaps(w, 0, [
      [0, 2 / 3],
      [1, 1 / 3],
    ]);
    expectTaps(w, 1, [
      [1, 1 / 3],
      [2, 2 / 3],
    ]);
  });

  it('reads one input with weight 1 per output when upscaling 2 → 4', () => {
    // r = 0.5: out i covers [i/2, (i+1)/2), inside input floor(i/2)
    const w = areaWeights(2, 4);
    expectTaps(w, 0, [[0, 1]]);
    expectTaps(w, 1, [[0, 1]]);
    expectTaps(w, 2, [[1, 1]]);
    expectTaps(w, 3, [[1, 1]]);
  });

  it('mixes neighbours for a non-integer upscale 2 → 3', () => {
    // r = 2/3: out 1 covers [2/3, 4/3): 1/3 of px0 and 1/3 of px1 → 0.5, 0.5
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

  it('has weights summing to 1, positive, within the input, for many size pairs', () => {
    const sizes = [1, 2, 3, 5, 7, 12, 13, 23, 24, 25, 47, 48, 49, 97, 100, 333, 1000];
    const problems: string[] = [];
    for (const inLength of sizes) {
      for (const outLength of sizes) {
        const w = areaWeights(inLength, outLength);
        expect(w.first).toHaveLength(outLength);
        // Weights are laid out output after output.
        expect(w.weights).toHaveLength(w.count.reduce((a, b) => a + b, 0));
        for (let i = 0; i < outLength; i++) {
          const t = taps(w, i);
          if (t.length === 0) problems.push(`${inLength}→${outLength} out ${i}: no taps`);
          let sum = 0;
          for (const [k, weight] of t) {
            if (k < 0 || k >= inLength) problems.push(`${inLength}→${outLength} out ${i}: input ${k}`);
            if (!(weight > 0)) problems.push(`${inLength}→${outLength} out ${i}: weight ${weight}`);
            sum += weight;
          }
          if (!(Math.abs(sum - 1) < 1e-12)) problems.push(`${inLength}→${outLength} out ${i}: sum ${sum}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every input the same total weight outLength / inLength (conserves mass)', () => {
    // Each input pixel contributes to the outputs a total of outLength / inLength (= 1 / r).
    for (const [inLength, outLength] of [
      [5, 2],
      [48, 24],
      [100, 7],
      [13, 12],
    ] as const) {
      const w = areaWeights(inLength, outLength);
      const perInput = new Float64Array(inLength);
      for (let i = 0; i < outLength; i++)
        for (const [k, weight] of taps(w, i)) perInput[k] = perInput[k]! + weight;
      for (const v of perInput) expect(v).toBeCloseTo(outLength / inLength, 10);
    }
  });
});
