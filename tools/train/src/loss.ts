// The multi-task loss of MTCNN (Zhang et al. 2016): face/non-face cross-entropy with online hard example mining,
// box regression and landmark regression as squared Euclidean distances, each on the sample kinds it concerns,
// weighted per stage.
import type * as T from '@tensorflow/tfjs';
import type { Heads } from './graph-net.js';
import { SampleLabel } from './sample-set.js';
import type { Stage } from './stage-graph.js';
import type { Tf } from './tf.js';

export interface LossWeights {
  face: number;
  box: number;
  landmarks: number;
}

/** The paper's weights: P-Net and R-Net have no landmark output here (the released graphs lack it). */
export const STAGE_LOSS_WEIGHTS: Record<Stage, LossWeights> = {
  pnet: { face: 1, box: 0.5, landmarks: 0 },
  rnet: { face: 1, box: 0.5, landmarks: 0 },
  onet: { face: 1, box: 0.5, landmarks: 1 },
};

/** The share of the face losses of a mini-batch kept by hard example mining: the largest 70 %. */
export const OHEM_KEEP = 0.7;

export interface LossTargets {
  /** SampleLabel per sample. */
  labels: Int8Array;
  /** 4 per sample: box offsets (any value where the sample has none). */
  boxes: Float32Array;
  /** 10 per sample: NaN where the sample has none. */
  landmarks: Float32Array;
}

export interface LossValues {
  /** Weighted sum of the three. */
  total: number;
  /** Mean cross-entropy over the kept (hardest) negatives and positives. */
  face: number;
  /** Mean squared distance over positives and parts. */
  box: number;
  /** Mean squared distance over landmark samples (0 where the stage has no landmark output). */
  landmarks: number;
  /** Share of negatives and positives classified right (argmax), all of them, before mining. */
  faceAccuracy: number;
  /** How many samples each term averaged over. */
  counts: { face: number; box: number; landmarks: number };
}

export interface Loss {
  /** The differentiable total. */
  total: T.Scalar;
  values: LossValues;
}

/**
 * The 0/1 mask of the face losses kept by OHEM: the ⌊keep · n⌋ largest among the n negatives and positives
 * (at least one), ties to the earlier sample. A mask, not a gather: tfjs has no gradient for gather on wasm.
 */
export function ohemMask(losses: ArrayLike<number>, labels: Int8Array, keep: number): Float32Array {
  const valid: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === SampleLabel.negative || labels[i] === SampleLabel.positive) valid.push(i);
  }
  const mask = new Float32Array(labels.length);
  if (valid.length === 0) return mask;
  const k = Math.max(1, Math.floor(valid.length * keep));
  valid.sort((a, b) => losses[b]! - losses[a]! || a - b);
  for (let j = 0; j < k; j++) mask[valid[j]!] = 1;
  return mask;
}

/**
 * The loss of one mini-batch. Reads the per-sample face losses back to choose the hard examples (a few hundred
 * numbers), so it runs synchronously inside tf.variableGrads.
 */
export function multiTaskLoss(
  tf: Tf,
  heads: Heads,
  targets: LossTargets,
  weights: LossWeights,
  keep = OHEM_KEEP,
): Loss {
  const { labels } = targets;
  const n = labels.length;
  const oneHot = new Float32Array(n * 2);
  const boxMask = new Float32Array(n);
  const landmarkMask = new Float32Array(n);
  const landmarkTargets = new Float32Array(n * 10);
  let boxCount = 0;
  let landmarkCount = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    oneHot[i * 2 + (label === SampleLabel.positive ? 1 : 0)] = 1;
    if (label === SampleLabel.positive || label === SampleLabel.part) {
      boxMask[i] = 1;
      boxCount++;
    }
    const points = targets.landmarks.subarray(i * 10, i * 10 + 10);
    if (label === SampleLabel.landmark && points.every(Number.isFinite)) {
      landmarkMask[i] = 1;
      landmarkTargets.set(points, i * 10);
      landmarkCount++;
    }
  }

  // Per-sample cross-entropy from the logits (log-softmax: stable for large logits).
  const ce = tf.neg(tf.sum(tf.mul(tf.logSoftmax(heads.face), tf.tensor2d(oneHot, [n, 2])), 1));
  const ceValues = ce.dataSync();
  const logits = heads.face.dataSync();
  let right = 0;
  let faceSamples = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label !== SampleLabel.negative && label !== SampleLabel.positive) continue;
    faceSamples++;
    if ((logits[i * 2 + 1]! > logits[i * 2]! ? 1 : 0) === label) right++;
  }
  const mask = ohemMask(ceValues, labels, keep);
  const kept = mask.reduce((a, b) => a + b, 0);
  const face = tf.div(tf.sum(tf.mul(ce, tf.tensor1d(mask))), Math.max(1, kept));

  const squared = (pred: T.Tensor2D, target: Float32Array, width: number, m: Float32Array, count: number) =>
    tf.div(
      tf.sum(tf.mul(tf.sum(tf.square(tf.sub(pred, tf.tensor2d(target, [n, width]))), 1), tf.tensor1d(m))),
      Math.max(1, count),
    );
  const box = squared(heads.box, targets.boxes, 4, boxMask, boxCount);
  const withLandmarks = heads.landmarks !== undefined && weights.landmarks > 0;
  const landmarks = withLandmarks
    ? squared(heads.landmarks!, landmarkTargets, 10, landmarkMask, landmarkCount)
    : tf.scalar(0);

  const total = tf.addN([
    tf.mul(face, weights.face),
    tf.mul(box, weights.box),
    tf.mul(landmarks, weights.landmarks),
  ]) as T.Scalar;
  const [t, f, b, l] = [total, face, box, landmarks].map((x) => x.dataSync()[0]!);
  return {
    total,
    values: {
      total: t!,
      face: f!,
      box: b!,
      landmarks: l!,
      faceAccuracy: faceSamples ? right / faceSamples : Number.NaN,
      counts: { face: kept, box: boxCount, landmarks: withLandmarks ? landmarkCount : 0 },
    },
  };
}
