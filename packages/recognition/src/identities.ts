// Scoring a probe against labelled embeddings: per identity, by its centroid or its nearest sample; then the
// open-set answer (nearest identity, or unknown) with the margin to the second.
import type { EmbedderMetric } from '@mtcnn/core';
import type { IdentityMatch, IdentityScoring } from './types.js';
import { accepts, dot, fromSimilarity, l2Normalize, marginOf, scoreOf } from './vectors.js';

/** One identity's unit embeddings, and their normalised mean (made when first needed). */
export interface Identity {
  readonly label: string;
  readonly embeddings: Float32Array[];
  centroid?: Float32Array;
}

export function centroidOf(identity: Identity): Float32Array {
  if (!identity.centroid) {
    const dim = identity.embeddings[0]!.length;
    const sum = new Float32Array(dim);
    for (const e of identity.embeddings) for (let j = 0; j < dim; j++) sum[j]! += e[j]!;
    identity.centroid = l2Normalize(sum);
  }
  return identity.centroid;
}

/** The probe's cosine similarity to the identity (probe of unit length). */
export function identitySimilarity(
  identity: Identity,
  probe: Float32Array,
  scoring: IdentityScoring,
): number {
  if (scoring === 'centroid') return dot(centroidOf(identity), probe);
  let best = Number.NEGATIVE_INFINITY;
  for (const e of identity.embeddings) best = Math.max(best, dot(e, probe));
  return best;
}

/**
 * The open-set answer from each identity's similarity to the probe: the nearest identity if it passes the
 * threshold on the metric's scale, else unknown; the margin to the second nearest.
 */
export function openSetMatch(
  scored: readonly { readonly label: string; readonly similarity: number }[],
  metric: EmbedderMetric,
  threshold: number,
): IdentityMatch {
  let first: (typeof scored)[number] | undefined;
  let second: (typeof scored)[number] | undefined;
  for (const s of scored) {
    if (!first || s.similarity > first.similarity) {
      second = first;
      first = s;
    } else if (!second || s.similarity > second.similarity) {
      second = s;
    }
  }
  if (!first) {
    return {
      label: undefined,
      nearest: undefined,
      similarity: Number.NEGATIVE_INFINITY,
      distance: Number.POSITIVE_INFINITY,
      metric,
      threshold,
      margin: Number.POSITIVE_INFINITY,
    };
  }
  const best = fromSimilarity(first.similarity);
  const bestScore = scoreOf(best, metric);
  const secondScore = second ? scoreOf(fromSimilarity(second.similarity), metric) : undefined;
  return {
    label: accepts(bestScore, metric, threshold) ? first.label : undefined,
    nearest: first.label,
    ...best,
    metric,
    threshold,
    margin: secondScore === undefined ? Number.POSITIVE_INFINITY : marginOf(bestScore, secondScore, metric),
    ...(second && secondScore !== undefined ? { second: { label: second.label, score: secondScore } } : {}),
  };
}
