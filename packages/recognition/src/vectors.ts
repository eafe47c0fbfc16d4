// Embedding arithmetic: unit vectors, both comparison scales, and which way is "more alike" on a metric.
import { type EmbedderMetric, MtcnnError } from '@mtcnn/core';
import type { Comparison } from './types.js';

/** A unit-length copy of `vector`. INVALID_OPTION for a vector that is empty, zero or not finite. */
export function l2Normalize(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `an embedding must have finite values and a length above 0, got one of ${vector.length} values with norm ${norm}`,
    );
  }
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

/** Cosine similarity and Euclidean distance of the unit vectors along `a` and `b` (equal lengths). */
export function compareEmbeddings(a: ArrayLike<number>, b: ArrayLike<number>): Comparison {
  if (a.length !== b.length || a.length === 0) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `embeddings of ${a.length} and ${b.length} values cannot be compared: they come from different embedders`,
    );
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  const norms = Math.sqrt(na * nb);
  if (!(norms > 0) || !Number.isFinite(norms)) {
    throw new MtcnnError('INVALID_OPTION', 'an embedding must have finite values and a length above 0');
  }
  return fromSimilarity(dot / norms);
}

/** Both scales from the cosine similarity of two unit vectors (clamped: rounding can leave [−1, 1]). */
export function fromSimilarity(similarity: number): Comparison {
  const s = Math.min(1, Math.max(-1, similarity));
  return { similarity: s, distance: Math.sqrt(2 - 2 * s) };
}

/** The value the metric's threshold applies to: similarity for 'cosine', distance for 'euclidean'. */
export function scoreOf(comparison: Comparison, metric: EmbedderMetric): number {
  return metric === 'cosine' ? comparison.similarity : comparison.distance;
}

/** Whether a score on the metric's scale says "same person" at `threshold`. */
export function accepts(score: number, metric: EmbedderMetric, threshold: number): boolean {
  return metric === 'cosine' ? score >= threshold : score <= threshold;
}

/** How much better `best` is than `other` on the metric's scale (≥ 0 when `best` is the better one). */
export function marginOf(best: number, other: number, metric: EmbedderMetric): number {
  return metric === 'cosine' ? best - other : other - best;
}

/** Dot product of two equal-length vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** INVALID_OPTION unless `threshold` is a usable threshold on the metric's scale. */
export function checkThreshold(threshold: number, metric: EmbedderMetric, what = 'threshold'): number {
  const [low, high] = metric === 'cosine' ? [-1, 1] : [0, 2];
  if (typeof threshold !== 'number' || !(threshold >= low && threshold <= high)) {
    throw new MtcnnError(
      'INVALID_OPTION',
      `${what} must be a number in [${low}, ${high}] for the ${metric} metric, got ${String(threshold)}`,
    );
  }
  return threshold;
}
