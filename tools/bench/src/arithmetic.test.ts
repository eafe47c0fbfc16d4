import { readFileSync } from 'node:fs';
import { MOBILEFACENET_MODEL } from '@mtcnn/mobilefacenet';
import { ONET_MODEL_URL } from '@mtcnn/onet';
import { PNET_MODEL_URL } from '@mtcnn/pnet';
import { RNET_MODEL_URL } from '@mtcnn/rnet';
import { describe, expect, it } from 'vitest';
import { arithmeticOf } from './arithmetic.js';
import { cascadeArithmetic } from './cascade-arithmetic.js';

const pnet = arithmeticOf(readFileSync(PNET_MODEL_URL));
const rnet = arithmeticOf(readFileSync(RNET_MODEL_URL));
const onet = arithmeticOf(readFileSync(ONET_MODEL_URL));

describe('multiply-adds from the layer shapes', () => {
  it('P-Net on one 12×12 window: conv 3→10, pool, 10→16, 16→32, 1×1 heads 32→2 and 32→4', () => {
    const expected = 10 * 27 * 10 * 10 + 16 * 90 * 3 * 3 + 32 * 144 + (2 + 4) * 32;
    expect(pnet([1, 3, 12, 12])).toEqual({ conv: expected, gemm: 0, total: expected });
  });

  it('P-Net grows with the map and the batch', () => {
    expect(pnet([2, 3, 12, 12]).total).toBe(2 * pnet([1, 3, 12, 12]).total);
    expect(pnet([1, 3, 100, 60]).total).toBeGreaterThan(pnet([1, 3, 60, 60]).total);
  });

  it('R-Net per 24×24 crop (22² conv1, pool to 11, 9² conv2, pool to 4, 3² conv3, fc 576→128→2+4)', () => {
    const conv = 28 * 27 * 22 * 22 + 48 * 252 * 9 * 9 + 64 * 192 * 3 * 3;
    const gemm = 576 * 128 + 128 * (2 + 4);
    expect(rnet([1, 3, 24, 24])).toEqual({ conv, gemm, total: conv + gemm });
  });

  it('O-Net per 48×48 crop (46², 23, 21², 10, 8², 4, 3², fc 1152→256→2+4+10)', () => {
    const conv = 32 * 27 * 46 * 46 + 64 * 288 * 21 * 21 + 64 * 576 * 8 * 8 + 128 * 256 * 3 * 3;
    const gemm = 1152 * 256 + 256 * (2 + 4 + 10);
    expect(onet([1, 3, 48, 48])).toEqual({ conv, gemm, total: conv + gemm });
  });

  it('the cascade sums P-Net over the pyramid and R-Net/O-Net over their batches', () => {
    const a = cascadeArithmetic({ width: 640, height: 480, rnetBatch: 10, onetBatch: 2 });
    expect(a.rnet).toBe(10 * rnet([1, 3, 24, 24]).total);
    expect(a.onet).toBe(2 * onet([1, 3, 48, 48]).total);
    // First scale 12/20 → 384×288; the pyramid adds about as much again (0.709² ≈ 0.5 per step).
    const first = pnet([1, 3, 288, 384]).total;
    expect(a.pnet).toBeGreaterThan(1.8 * first);
    expect(a.pnet).toBeLessThan(2.1 * first);
    expect(a.total).toBe(a.pnet + a.rnet + a.onet);
  });
});

describe('multiply-adds of the face embedder', () => {
  it("MobileFaceNet at 112 × 112 (residual Adds included): 221 million, the paper's own count (Chen et al. 2018, Table 2)", () => {
    const macs = arithmeticOf(readFileSync(MOBILEFACENET_MODEL.portable as URL))([1, 3, 112, 112]);
    expect(macs.gemm).toBe(0);
    expect(Math.round(macs.total / 1e6)).toBe(221);
  });
});
