import { describe, expect, it } from 'vitest';
import { PNET_CELL_SIZE, PNET_STRIDE, pnetMapSize, pyramidScales, scaledSize } from './pyramid.js';

describe('P-Net geometry constants', () => {
  it('has a 12 px cell and stride 2', () => {
    expect(PNET_CELL_SIZE).toBe(12);
    expect(PNET_STRIDE).toBe(2);
  });
});

describe('pyramidScales', () => {
  it('computes the reference pyramid for 100×80, minFace 20, factor 0.709', () => {
    // m = 12/20 = 0.6; short side 80 × 0.6 = 48.
    // k=0: 48 ≥ 12 → 0.6
    // k=1: 34.032 → 0.6 × 0.709 = 0.4254
    // k=2: 24.128688 → 0.6 × 0.502681 = 0.3016086
    // k=3: 17.10724... → 0.6 × 0.356400829 = 0.2138404974
    // k=4: 12.12903... → 0.6 × 0.252688188 = 0.1516129127
    // k=5: 8.5995... < 12 → stop
    const scales = pyramidScales(100, 80, 20, 0.709);
    const expected = [0.6, 0.4254, 0.3016086, 0.2138404974, 0.15161291266];
    expect(scales).toHaveLength(expected.length);
    expected.forEach((v, i) => {
      expect(scales[i]).toBeCloseTo(v, 10);
    });
  });

  it('uses the shorter side, whichever it is', () => {
    expect(pyramidScales(80, 100, 20, 0.709)).toEqual(pyramidScales(100, 80, 20, 0.709));
    // A very wide image gives no more scales than its height allows: 1000×19 → 11.4 < 12
    expect(pyramidScales(1000, 19, 20, 0.709)).toEqual([]);
  });

  it('returns no scale when the image is smaller than the minimum face', () => {
    // 19 × 0.6 = 11.4 < 12
    expect(pyramidScales(19, 19, 20, 0.709)).toEqual([]);
  });

  it('keeps a scale whose short side is exactly 12', () => {
    // 20 × 0.6 = 12 ≥ 12 → [0.6]; next 8.508 < 12
    expect(pyramidScales(20, 20, 20, 0.709)).toEqual([0.6]);
    // minFace 12 → m = 1; 12×12 → [1]
    expect(pyramidScales(12, 12, 12, 0.5)).toEqual([1]);
  });

  it('follows the factor', () => {
    // m = 12/24 = 0.5; short side 96 × 0.5 = 48 → 48, 24, 12 ≥ 12, 6 < 12
    expect(pyramidScales(96, 200, 24, 0.5)).toEqual([0.5, 0.25, 0.125]);
  });

  it('returns scales largest first, each factor times the previous', () => {
    const scales = pyramidScales(640, 480, 40, 0.709);
    // m = 0.3; short side 144; 144 × 0.709^k ≥ 12 ⇔ k ≤ 7.2 → 8 scales
    expect(scales).toHaveLength(8);
    expect(scales[0]).toBeCloseTo(0.3, 15);
    for (let k = 1; k < scales.length; k++) expect(scales[k]! / scales[k - 1]!).toBeCloseTo(0.709, 12);
  });
});

describe('scaledSize', () => {
  it('rounds up each side', () => {
    expect(scaledSize(1920, 1280, 0.6)).toEqual({ width: 1152, height: 768 });
    // 101 × 0.6 = 60.6 → 61; 81 × 0.6 = 48.6 → 49
    expect(scaledSize(101, 81, 0.6)).toEqual({ width: 61, height: 49 });
    // 100 × 0.4254 = 42.54 → 43; 80 × 0.4254 = 34.032 → 35
    expect(scaledSize(100, 80, 0.4254)).toEqual({ width: 43, height: 35 });
    // 102 × 0.6 = 61.2 → 62 (rounding to nearest would give 61)
    expect(scaledSize(102, 102, 0.6)).toEqual({ width: 62, height: 62 });
  });

  it('is the identity at scale 1', () => {
    expect(scaledSize(37, 23, 1)).toEqual({ width: 37, height: 23 });
  });
});

describe('pnetMapSize', () => {
  // conv 3×3 valid (−2), 2×2/2 max-pool with ceil, conv 3×3 (−2), conv 3×3 (−2): ceil((s − 2)/2) − 4.
  it('is 1 for the 12 px cell', () => {
    expect(pnetMapSize(12)).toBe(1);
  });

  it('matches the layer arithmetic', () => {
    // 13: 11 → ceil(5.5) = 6 → 4 → 2
    expect(pnetMapSize(13)).toBe(2);
    // 14: 12 → 6 → 4 → 2
    expect(pnetMapSize(14)).toBe(2);
    // 25: 23 → 12 → 10 → 8
    expect(pnetMapSize(25)).toBe(8);
    // 1152: 1150 → 575 → 573 → 571
    expect(pnetMapSize(1152)).toBe(571);
  });

  it('is 1 for 11 px (9 → ceil(4.5) = 5 → 3 → 1) and 0 below', () => {
    expect(pnetMapSize(11)).toBe(1);
    // 10: 8 → 4 → 2 → 0
    expect(pnetMapSize(10)).toBe(0);
    expect(pnetMapSize(3)).toBe(0);
    expect(pnetMapSize(0)).toBe(0);
  });
});
