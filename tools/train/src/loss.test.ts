import type * as T from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LossValues, multiTaskLoss, ohemMask, STAGE_LOSS_WEIGHTS } from './loss.js';
import { SampleLabel } from './sample-set.js';
import { loadTf, type Tf } from './tf.js';

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

const { negative: NEG, positive: POS, part: PART, landmark: LMK } = SampleLabel;
const labels = Int8Array.from([NEG, NEG, POS, POS, PART, LMK]);
const faceLogits = [2, 0, 0, 1, 0, 3, 1.5, 0, 5, -5, 0, 0];
const boxPred = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0, 0, 0, 0.1, 0, 0, 0, 0, 0, 0, 0];
const boxTarget = [0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1, -0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0, 0, 0, 0];
const landmarkTarget = new Float32Array(60).fill(Number.NaN);
landmarkTarget.fill(0.1, 50, 60);

// By hand: cross-entropy of [a, b] against class 0 is log(1 + e^(b − a)), against class 1 log(1 + e^(a − b)).
const ce = (x: number) => Math.log1p(Math.exp(x));
const CE = [ce(-2), ce(1), ce(-3), ce(1.5)];
// OHEM keeps ⌊0.7 · 4⌋ = 2 of the four negatives and positives: the two largest, samples 3 and 1.
const FACE = (CE[3]! + CE[1]!) / 2;
// Squared distances: positives 0.1² + 0.1² + 0.1² and 0.2², the part 0.1² + 0.2²; over 3 samples.
const BOX = (0.03 + 0.04 + 0.05) / 3;
// One landmark sample, ten points 0.1 off.
const LANDMARKS = 10 * 0.01;

function run(withLandmarks: boolean, stage: 'pnet' | 'onet'): { values: LossValues; faceGrad: number[] } {
  let result: { values: LossValues; faceGrad: number[] } | undefined;
  tf.tidy(() => {
    const face = tf.tensor2d(faceLogits, [6, 2]);
    const heads = {
      face,
      box: tf.tensor2d(boxPred, [6, 4]),
      ...(withLandmarks ? { landmarks: tf.zeros([6, 10]) as T.Tensor2D } : {}),
    };
    const targets = { labels, boxes: Float32Array.from(boxTarget), landmarks: landmarkTarget };
    const loss = multiTaskLoss(tf, heads, targets, STAGE_LOSS_WEIGHTS[stage]);
    const grad = tf.grad(
      (f: T.Tensor) =>
        multiTaskLoss(tf, { ...heads, face: f as T.Tensor2D }, targets, STAGE_LOSS_WEIGHTS[stage]).total,
    )(face);
    result = { values: loss.values, faceGrad: Array.from(grad.dataSync()) };
  });
  return result!;
}

describe('multiTaskLoss', () => {
  it('P-Net: face 1 with OHEM, box 0.5, no landmarks', () => {
    const { values, faceGrad } = run(false, 'pnet');
    // Float32 arithmetic on values of order 1: 1e-6.
    expect(values.face).toBeCloseTo(FACE, 6);
    expect(values.box).toBeCloseTo(BOX, 6);
    expect(values.landmarks).toBe(0);
    expect(values.total).toBeCloseTo(FACE + 0.5 * BOX, 6);
    expect(values.faceAccuracy).toBe(0.5);
    expect(values.counts).toEqual({ face: 2, box: 3, landmarks: 0 });
    // The easy examples (0 and 2), the part and the landmark sample get no face gradient.
    for (const i of [0, 2, 4, 5]) expect(faceGrad.slice(2 * i, 2 * i + 2).map(Math.abs)).toEqual([0, 0]);
    // A kept negative's gradient: (softmax − one-hot) / 2 on its logits [0, 1].
    const p1 = 1 / (1 + Math.exp(-1));
    expect(faceGrad[2]).toBeCloseTo(-p1 / 2, 6);
    expect(faceGrad[3]).toBeCloseTo(p1 / 2, 6);
  });

  it('O-Net: landmarks weighted 1 on landmark samples only', () => {
    const { values } = run(true, 'onet');
    expect(values.landmarks).toBeCloseTo(LANDMARKS, 6);
    expect(values.total).toBeCloseTo(FACE + 0.5 * BOX + LANDMARKS, 6);
    expect(values.counts.landmarks).toBe(1);
  });
});

describe('ohemMask', () => {
  it('keeps the hardest 70 % of negatives and positives, no other kind', () => {
    const l = Int8Array.from([NEG, POS, PART, NEG, NEG, POS, LMK, NEG, POS, NEG, NEG]);
    const losses = [0.1, 0.9, 99, 0.3, 0.2, 0.8, 99, 0.5, 0.4, 0.6, 0.7];
    // Nine candidates: ⌊6.3⌋ = 6 kept, the losses 0.9 … 0.4.
    expect(Array.from(ohemMask(losses, l, 0.7))).toEqual([0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1]);
  });

  it('keeps at least one, and nothing when there is nothing to classify', () => {
    expect(Array.from(ohemMask([0.2, 0.5], Int8Array.from([NEG, PART]), 0.7))).toEqual([1, 0]);
    expect(Array.from(ohemMask([0.2], Int8Array.from([PART]), 0.7))).toEqual([0]);
  });
});
