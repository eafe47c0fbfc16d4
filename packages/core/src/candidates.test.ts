import { describe, expect, it } from 'vitest';
import { type Candidates, concatCandidates, EMPTY_CANDIDATES, selectCandidates } from './candidates.js';

const three: Candidates = {
  count: 3,
  boxes: Float64Array.of(0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23),
  scores: Float64Array.of(0.1, 0.2, 0.3),
  offsets: Float64Array.of(0.01, 0.02, 0.03, 0.04, 0.11, 0.12, 0.13, 0.14, 0.21, 0.22, 0.23, 0.24),
  points: {
    perBox: 5,
    data: Float64Array.from({ length: 30 }, (_, i) => i),
    names: ['a', 'b', 'c', 'd', 'e'],
  },
};

describe('EMPTY_CANDIDATES', () => {
  it('has no candidates and no optional fields', () => {
    expect(EMPTY_CANDIDATES.count).toBe(0);
    expect(EMPTY_CANDIDATES.boxes).toHaveLength(0);
    expect(EMPTY_CANDIDATES.scores).toHaveLength(0);
    expect(EMPTY_CANDIDATES.offsets).toBeUndefined();
    expect(EMPTY_CANDIDATES.points).toBeUndefined();
  });
});

describe('selectCandidates', () => {
  it('picks the candidates at the indices, in that order, with every field', () => {
    const s = selectCandidates(three, [2, 0]);
    expect(s.count).toBe(2);
    expect(Array.from(s.boxes)).toEqual([20, 21, 22, 23, 0, 1, 2, 3]);
    expect(Array.from(s.scores)).toEqual([0.3, 0.1]);
    expect(Array.from(s.offsets!)).toEqual([0.21, 0.22, 0.23, 0.24, 0.01, 0.02, 0.03, 0.04]);
    expect(s.points!.perBox).toBe(5);
    expect(s.points!.names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Array.from(s.points!.data)).toEqual([
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('accepts typed-array indices and repeated indices', () => {
    const s = selectCandidates(three, Int32Array.of(1, 1));
    expect(s.count).toBe(2);
    expect(Array.from(s.scores)).toEqual([0.2, 0.2]);
    expect(Array.from(s.boxes)).toEqual([10, 11, 12, 13, 10, 11, 12, 13]);
  });

  it('leaves absent optional fields absent', () => {
    const s = selectCandidates(
      { count: 2, boxes: Float64Array.of(0, 0, 1, 1, 2, 2, 3, 3), scores: Float64Array.of(1, 2) },
      [1],
    );
    expect(s).not.toHaveProperty('offsets');
    expect(s).not.toHaveProperty('points');
    expect(Array.from(s.boxes)).toEqual([2, 2, 3, 3]);
  });

  it('copies rather than aliasing the source', () => {
    const s = selectCandidates(three, [0]);
    s.boxes[0] = 99;
    expect(three.boxes[0]).toBe(0);
  });

  it('selects nothing for no indices', () => {
    const s = selectCandidates(three, []);
    expect(s.count).toBe(0);
    expect(s.boxes).toHaveLength(0);
    expect(s.offsets).toHaveLength(0);
  });
});

describe('concatCandidates', () => {
  const a: Candidates = {
    count: 1,
    boxes: Float64Array.of(1, 2, 3, 4),
    scores: Float64Array.of(0.5),
    offsets: Float64Array.of(0.1, 0.2, 0.3, 0.4),
  };
  const b: Candidates = {
    count: 2,
    boxes: Float64Array.of(5, 6, 7, 8, 9, 10, 11, 12),
    scores: Float64Array.of(0.6, 0.7),
    offsets: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8),
  };

  it('puts the sets one after the other, keeping offsets when all have them', () => {
    const c = concatCandidates([a, b]);
    expect(c.count).toBe(3);
    expect(Array.from(c.boxes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(Array.from(c.scores)).toEqual([0.5, 0.6, 0.7]);
    expect(Array.from(c.offsets!)).toEqual([0.1, 0.2, 0.3, 0.4, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('drops offsets when any set lacks them', () => {
    const noOffsets: Candidates = {
      count: 1,
      boxes: Float64Array.of(0, 0, 9, 9),
      scores: Float64Array.of(0.9),
    };
    const c = concatCandidates([a, noOffsets, b]);
    expect(c.count).toBe(4);
    expect(c).not.toHaveProperty('offsets');
    expect(Array.from(c.scores)).toEqual([0.5, 0.9, 0.6, 0.7]);
    expect(Array.from(c.boxes.subarray(4, 8))).toEqual([0, 0, 9, 9]);
  });

  it('reads only `count` entries of each set (arrays may have spare capacity)', () => {
    const spare: Candidates = {
      count: 1,
      boxes: Float64Array.of(1, 1, 2, 2, 99, 99, 99, 99),
      scores: Float64Array.of(0.8, 0.99),
      offsets: Float64Array.of(0, 0, 0, 0, 9, 9, 9, 9),
    };
    const c = concatCandidates([spare, a]);
    expect(c.count).toBe(2);
    expect(Array.from(c.boxes)).toEqual([1, 1, 2, 2, 1, 2, 3, 4]);
    expect(Array.from(c.scores)).toEqual([0.8, 0.5]);
    expect(Array.from(c.offsets!)).toEqual([0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('handles empty sets and no sets', () => {
    const c = concatCandidates([EMPTY_CANDIDATES, a]);
    expect(c.count).toBe(1);
    expect(c).not.toHaveProperty('offsets');
    const none = concatCandidates([]);
    expect(none.count).toBe(0);
    expect(none.boxes).toHaveLength(0);
    expect(none.scores).toHaveLength(0);
  });
});
