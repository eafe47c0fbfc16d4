import { describe, expect, it } from 'vitest';
import { nms } from './nms.js';

function boxes(...list: [number, number, number, number][]): Float64Array {
  return Float64Array.from(list.flat());
}

describe('nms', () => {
  it('returns [] for no boxes', () => {
    expect(nms(new Float64Array(0), new Float64Array(0), 0.5, 'union')).toEqual([]);
    expect(nms(new Float64Array(0), new Float64Array(0), 0.5, 'min')).toEqual([]);
  });

  it('keeps a single box', () => {
    expect(nms(boxes([0, 0, 10, 10]), Float64Array.of(0.1), 0.5, 'union')).toEqual([0]);
    expect(nms(boxes([0, 0, 10, 10]), Float64Array.of(0.1), 0, 'min')).toEqual([0]);
  });

  it('returns the kept indices highest score first', () => {
    // Three disjoint boxes: nothing is suppressed, only the order changes.
    const b = boxes([0, 0, 9, 9], [20, 0, 29, 9], [40, 0, 49, 9]);
    expect(nms(b, Float64Array.of(0.2, 0.9, 0.5), 0.5, 'union')).toEqual([1, 2, 0]);
  });

  it('keeps boxes with zero overlap even at threshold 0', () => {
    // [0..9] and [11..20]: pixel-inclusive intersection width max(0, 9 - 11 + 1) = 0.
    const b = boxes([0, 0, 9, 9], [11, 0, 20, 9]);
    expect(nms(b, Float64Array.of(0.5, 0.6), 0, 'union')).toEqual([1, 0]);
    expect(nms(b, Float64Array.of(0.5, 0.6), 0, 'min')).toEqual([1, 0]);
  });

  it('uses pixel-inclusive areas: boxes sharing one pixel column overlap', () => {
    // A = [0,0,10,10], B = [10,0,20,10]: areas 11×11 = 121 each; intersection (10-10+1)×(10-0+1) = 11;
    // IoU = 11 / (121 + 121 - 11) = 11/231 ≈ 0.0476 (continuous IoU would be 0).
    const b = boxes([0, 0, 10, 10], [10, 0, 20, 10]);
    const s = Float64Array.of(0.9, 0.8);
    expect(nms(b, s, 0.04, 'union')).toEqual([0]);
    expect(nms(b, s, 0.05, 'union')).toEqual([0, 1]);
    // min: 11 / 121 ≈ 0.0909
    expect(nms(b, s, 0.09, 'min')).toEqual([0]);
    expect(nms(b, s, 0.091, 'min')).toEqual([0, 1]);
  });

  it('suppresses only when the overlap is strictly above the threshold', () => {
    // A = [0,0,9,9] area 100; B = [0,0,9,4] area 10×5 = 50, inside A; intersection 50.
    // union: 50 / (100 + 50 - 50) = 0.5 exactly; min: 50 / 50 = 1.
    const b = boxes([0, 0, 9, 9], [0, 0, 9, 4]);
    const s = Float64Array.of(0.9, 0.8);
    expect(nms(b, s, 0.5, 'union')).toEqual([0, 1]); // 0.5 > 0.5 is false: kept
    expect(nms(b, s, 0.49, 'union')).toEqual([0]);
    expect(nms(b, s, 1, 'min')).toEqual([0, 1]); // 1 > 1 is false: kept
    expect(nms(b, s, 0.99, 'min')).toEqual([0]);
  });

  it("'min' drops a box nested in a bigger one while 'union' keeps it", () => {
    // Big = [0,0,19,19] area 400; small = [5,5,9,9] area 25, inside.
    // union: 25/400 = 0.0625; min: 25/25 = 1.
    const b = boxes([0, 0, 19, 19], [5, 5, 9, 9]);
    const s = Float64Array.of(0.95, 0.9);
    expect(nms(b, s, 0.7, 'union')).toEqual([0, 1]);
    expect(nms(b, s, 0.7, 'min')).toEqual([0]);
    // Also when the nested box scores higher: it suppresses the big one in 'min' mode.
    const s2 = Float64Array.of(0.5, 0.9);
    expect(nms(b, s2, 0.7, 'min')).toEqual([1]);
    expect(nms(b, s2, 0.7, 'union')).toEqual([1, 0]);
  });

  it('keeps C in a chain where A suppresses B, B would suppress C, but A does not suppress C', () => {
    // A = [0,0,9,9], B = [4,0,13,9], C = [8,0,17,9], all 10 px tall, areas 100.
    // A∩B: (9-4+1)×10 = 60 → 60/140 ≈ 0.43; B∩C: (13-8+1)×10 = 60 → 0.43; A∩C: (9-8+1)×10 = 20 → 20/180 ≈ 0.11.
    // Input order C, A, B with scores A 0.9 > B 0.8 > C 0.7.
    const b = boxes([8, 0, 17, 9], [0, 0, 9, 9], [4, 0, 13, 9]);
    const s = Float64Array.of(0.7, 0.9, 0.8);
    expect(nms(b, s, 0.3, 'union')).toEqual([1, 0]);
    // Sanity: without A, B does suppress C.
    expect(nms(boxes([8, 0, 17, 9], [4, 0, 13, 9]), Float64Array.of(0.7, 0.8), 0.3, 'union')).toEqual([1]);
  });

  it('keeps the input order for equal scores', () => {
    const disjoint = boxes([0, 0, 9, 9], [20, 0, 29, 9], [40, 0, 49, 9], [60, 0, 69, 9]);
    expect(nms(disjoint, Float64Array.of(0.5, 0.9, 0.5, 0.5), 0.5, 'union')).toEqual([1, 0, 2, 3]);
    // Overlapping boxes with equal scores: the earlier one wins, whichever box it is.
    const a: [number, number, number, number] = [0, 0, 9, 9];
    const c: [number, number, number, number] = [1, 1, 10, 10];
    expect(nms(boxes(a, c), Float64Array.of(0.8, 0.8), 0.5, 'union')).toEqual([0]);
    expect(nms(boxes(c, a), Float64Array.of(0.8, 0.8), 0.5, 'union')).toEqual([0]);
  });

  it('is deterministic for many equal scores', () => {
    const list: [number, number, number, number][] = [];
    for (let i = 0; i < 50; i++) list.push([i * 20, 0, i * 20 + 9, 9]);
    const result = nms(boxes(...list), new Float64Array(50).fill(0.7), 0.5, 'union');
    expect(result).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('considers only the first `count` boxes', () => {
    // Box 2 scores highest and would suppress box 0, but lies past `count`.
    const b = boxes([0, 0, 9, 9], [30, 30, 39, 39], [0, 0, 9, 9]);
    const s = Float64Array.of(0.5, 0.6, 0.99);
    expect(nms(b, s, 0.5, 'union', 2)).toEqual([1, 0]);
    expect(nms(b, s, 0.5, 'union')).toEqual([2, 1]);
    expect(nms(b, s, 0.5, 'union', 0)).toEqual([]);
  });

  it('defaults `count` to the number of scores', () => {
    // A longer boxes array (spare capacity) than scores.
    const b = boxes([0, 0, 9, 9], [50, 50, 59, 59], [0, 0, 9, 9]);
    expect(nms(b, Float64Array.of(0.4, 0.6), 0.5, 'union')).toEqual([1, 0]);
  });

  it('does not modify its inputs', () => {
    const b = boxes([0, 0, 9, 9], [1, 1, 10, 10]);
    const s = Float64Array.of(0.3, 0.6);
    nms(b, s, 0.5, 'union');
    expect(Array.from(b)).toEqual([0, 0, 9, 9, 1, 1, 10, 10]);
    expect(Array.from(s)).toEqual([0.3, 0.6]);
  });
});

/** The plain greedy loop, as first written: the definition the fast version must reproduce exactly. */
function plainNms(
  boxes: Float64Array,
  scores: Float64Array,
  threshold: number,
  mode: 'union' | 'min',
): number[] {
  const count = scores.length;
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const area = (i: number) =>
    (boxes[4 * i + 2]! - boxes[4 * i]! + 1) * (boxes[4 * i + 3]! - boxes[4 * i + 1]! + 1);
  const suppressed = new Uint8Array(count);
  const kept: number[] = [];
  for (let oi = 0; oi < count; oi++) {
    const i = order[oi]!;
    if (suppressed[i]) continue;
    kept.push(i);
    for (let oj = oi + 1; oj < count; oj++) {
      const j = order[oj]!;
      if (suppressed[j]) continue;
      const w = Math.max(
        0,
        Math.min(boxes[4 * i + 2]!, boxes[4 * j + 2]!) - Math.max(boxes[4 * i]!, boxes[4 * j]!) + 1,
      );
      const h = Math.max(
        0,
        Math.min(boxes[4 * i + 3]!, boxes[4 * j + 3]!) - Math.max(boxes[4 * i + 1]!, boxes[4 * j + 1]!) + 1,
      );
      const inter = w * h;
      const overlap =
        mode === 'min' ? inter / Math.min(area(i), area(j)) : inter / (area(i) + area(j) - inter);
      if (overlap > threshold) suppressed[j] = 1;
    }
  }
  return kept;
}

/** A repeatable stream of numbers in [0, 1) (a linear congruential generator). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('nms against the plain greedy loop', () => {
  it('keeps exactly the same boxes in the same order, for many random sets, modes and thresholds', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 40; trial++) {
      const count = 1 + Math.floor(random() * 120);
      const b = new Float64Array(4 * count);
      // Few distinct scores, so that ties (and their input-order rule) occur; every other set as float32 values
      // (as model probabilities are: they sort as packed keys), the rest as doubles (sorted by a comparator).
      const round = trial % 4 < 2 ? Math.fround : (v: number) => v;
      const s = Float64Array.from({ length: count }, () => round(Math.round(random() * 20) / 20));
      for (let i = 0; i < count; i++) {
        const size = 1 + random() * 60;
        const x = random() * 200;
        const y = random() * 200;
        // Half the sets on whole pixels (as P-Net's boxes), half fractional (as regressed boxes).
        const q = trial % 2 === 0 ? Math.trunc : (v: number) => v;
        b.set([q(x), q(y), q(x + size), q(y + size)], 4 * i);
      }
      for (const mode of ['union', 'min'] as const) {
        for (const threshold of [-0.1, 0, 0.3, 0.5, 0.7]) {
          expect(nms(b, s, threshold, mode)).toEqual(plainNms(b, s, threshold, mode));
        }
      }
    }
  });

  it('keeps the same boxes for P-Net-like sets: many squares of several scales on stride grids, and odd shapes', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 12; trial++) {
      const count = 200 + Math.floor(random() * 800);
      const b = new Float64Array(4 * count);
      const s = Float64Array.from({ length: count }, () => Math.fround(0.6 + random() * 0.4));
      for (let i = 0; i < count; i++) {
        // Cells of 12 px at scales 0.6 … 0.05, stride 2 px at the scale, around a few faces; some stretched.
        const scale = 0.6 * 0.709 ** Math.floor(random() * 8);
        const size = 12 / scale;
        const x = Math.round((300 * (i % 3) + random() * 80) * scale * 0.5) * (2 / scale);
        const y = Math.round((200 + random() * 80) * scale * 0.5) * (2 / scale);
        const stretch = trial % 3 === 2 ? 0.5 + random() : 1;
        // One set far off the origin, where left edges no longer pack into a sort key.
        const shift = trial === 5 ? 2 ** 31 : 0;
        b.set([x + shift, y, x + shift + size * stretch, y + size / stretch], 4 * i);
      }
      for (const threshold of [0.05, 0.3, 0.5, 0.7, 0.95]) {
        expect(nms(b, s, threshold, 'union')).toEqual(plainNms(b, s, threshold, 'union'));
      }
    }
  });
});
