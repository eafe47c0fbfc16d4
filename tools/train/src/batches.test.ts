import { describe, expect, it } from 'vitest';
import { epochBatches, holdOut, indicesByKind, kindQuotas, makeBatch } from './batches.js';
import { Random } from './random.js';
import { SampleLabel, type SampleSet } from './sample-set.js';

const { negative: NEG, positive: POS, part: PART, landmark: LMK } = SampleLabel;

/** A set of `counts` samples of each kind (12 px, blank images). */
function setOf(counts: [number, number][]): SampleSet {
  const labels = Int8Array.from(counts.flatMap(([label, n]) => Array<number>(n).fill(label)));
  const n = labels.length;
  return {
    size: 12,
    count: n,
    images: new Uint8Array(n * 12 * 12 * 3),
    labels,
    boxes: new Float32Array(n * 4),
    landmarks: new Float32Array(n * 10).fill(Number.NaN),
    provenance: 'test',
  };
}

describe('kindQuotas', () => {
  it('mixes 3 : 1 : 1 : 2, the rest to negatives', () => {
    const all = { negative: 9, positive: 9, part: 9, landmark: 9 };
    expect(kindQuotas(384, all)).toEqual({ negative: 167, positive: 54, part: 54, landmark: 109 });
    expect(kindQuotas(384, { ...all, landmark: 0 })).toEqual({
      negative: 232,
      positive: 76,
      part: 76,
      landmark: 0,
    });
  });
});

describe('epochBatches', () => {
  const set = setOf([
    [NEG, 600],
    [POS, 150],
    [PART, 250],
    [LMK, 10],
  ]);
  const byKind = indicesByKind(
    set,
    Array.from({ length: set.count }, (_, i) => i),
  );

  it('fills every batch in the quotas, each kind’s samples once before any repeats', () => {
    const batches = epochBatches(byKind, 70, new Random(3));
    expect(batches.length).toBe(Math.floor(1010 / 70));
    const seen = new Map<number, number>();
    for (const b of batches) {
      const kinds = b.map((i) => set.labels[i]);
      expect(kinds.filter((k) => k === NEG).length).toBe(30);
      expect(kinds.filter((k) => k === POS).length).toBe(10);
      expect(kinds.filter((k) => k === PART).length).toBe(10);
      expect(kinds.filter((k) => k === LMK).length).toBe(20);
      for (const i of b) seen.set(i, (seen.get(i) ?? 0) + 1);
    }
    // 14 batches × 10 positives = 140 ≤ 150: no positive twice; 280 landmark draws from 10: each 28 times.
    for (const i of byKind.positive) expect(seen.get(i) ?? 0).toBeLessThanOrEqual(1);
    for (const i of byKind.landmark) expect(seen.get(i)).toBe(28);
  });

  it('is fixed by the generator’s state', () => {
    expect(epochBatches(byKind, 70, new Random(5))).toEqual(epochBatches(byKind, 70, new Random(5)));
    expect(epochBatches(byKind, 70, new Random(5))).not.toEqual(epochBatches(byKind, 70, new Random(6)));
  });
});

describe('makeBatch', () => {
  // One 12-px crop with a bright face over columns 2 … 6 (x ∈ [2, 7)), a left eye at x 2.5 and a right eye at 5.5.
  const set = setOf([[LMK, 1]]);
  for (let y = 0; y < 12; y++)
    for (let x = 2; x < 7; x++) set.images.fill(255, (y * 12 + x) * 3, (y * 12 + x) * 3 + 3);
  set.boxes.set([2 / 12, 0.1, (7 - 12) / 12, -0.2]);
  set.landmarks.set([2.5 / 12, 5.5 / 12, 4 / 12, 3 / 12, 6 / 12, 0.1, 0.2, 0.3, 0.4, 0.5]);
  const seedWith = (mirror: boolean) => {
    for (let s = 0; ; s++) if (new Random(s).next() < 0.5 === mirror) return s;
  };
  const brightColumns = (images: Float32Array) =>
    Array.from({ length: 12 }, (_, x) => x).filter((x) => images[x * 3]! > 0);

  it('normalises as the detector does, unflipped', () => {
    const b = makeBatch(set, [0], new Random(seedWith(false)));
    expect(b.images[2 * 3]).toBe((255 - 127.5) * 0.0078125);
    expect(b.images[0]).toBe(-127.5 * 0.0078125);
    expect(brightColumns(b.images)).toEqual([2, 3, 4, 5, 6]);
    expect(Array.from(b.boxes)).toEqual(Array.from(set.boxes));
  });

  it('mirrors image, box and landmarks together', () => {
    const b = makeBatch(set, [0], new Random(seedWith(true)));
    // The face now covers x ∈ [5, 10): dx1 = 5/12 = −(old dx2), dx2 = (10 − 12)/12 = −(old dx1).
    expect(brightColumns(b.images)).toEqual([5, 6, 7, 8, 9]);
    const [dx1, dy1, dx2, dy2] = Array.from(b.boxes);
    expect(dx1).toBeCloseTo(5 / 12, 6);
    expect(dx2).toBeCloseTo(-2 / 12, 6);
    expect([dy1, dy2]).toEqual([Math.fround(0.1), Math.fround(-0.2)]);
    // The right eye (old x 5.5) becomes the left one at 12 − 5.5 = 6.5; the old left eye, at 9.5, the right.
    const lm = Array.from(b.landmarks);
    expect(lm[0]).toBeCloseTo(6.5 / 12, 6);
    expect(lm[1]).toBeCloseTo(9.5 / 12, 6);
    expect(lm[2]).toBeCloseTo(8 / 12, 6);
    expect(lm[3]).toBeCloseTo(6 / 12, 6);
    expect(lm[4]).toBeCloseTo(9 / 12, 6);
    expect(lm.slice(5)).toEqual([0.2, 0.1, 0.3, 0.5, 0.4].map(Math.fround));
  });
});

describe('holdOut', () => {
  it('keeps 5 % apart, seeded, disjoint', () => {
    const { train, validation } = holdOut(1000, 0.05, 9);
    expect(validation.length).toBe(50);
    expect(new Set([...train, ...validation]).size).toBe(1000);
    expect(holdOut(1000, 0.05, 9).validation).toEqual(validation);
  });
});
