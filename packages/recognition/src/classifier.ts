import { type EmbedderDescriptor, MtcnnError } from '@mtcnn/core';
import { checkDescriptor } from './descriptor.js';
import { type Identity, identitySimilarity, openSetMatch } from './identities.js';
import type { Classifier, ClassifierOptions, LabelledEmbedding, MatchOptions, Prediction } from './types.js';
import { checkThreshold, dot, fromSimilarity, l2Normalize, marginOf, scoreOf } from './vectors.js';

/** Neighbours of a k-NN classifier by default: a majority needs at least three. */
export const DEFAULT_K = 3;

/** Options of {@link trainClassifier}: the embedder the samples come from, and the method. */
export interface TrainClassifierOptions extends ClassifierOptions {
  readonly embedder: EmbedderDescriptor;
}

/**
 * A classifier trained from labelled embeddings of one embedder, as facenet's classifier.py trains one from a
 * folder-per-person dataset, but open-set: every prediction is 'unknown' (label undefined) when the predicted
 * identity is not within the threshold. 'centroid' (default): the nearest identity mean. 'knn': the k nearest
 * embeddings vote (ties go to the larger summed similarity), and the winner is scored by its nearest embedding.
 */
export function trainClassifier(
  samples: readonly LabelledEmbedding[],
  options: TrainClassifierOptions,
): Classifier {
  if (options === null || typeof options !== 'object') {
    throw new MtcnnError('INVALID_OPTION', 'trainClassifier needs options with the embedder');
  }
  const embedder = checkDescriptor(options.embedder);
  const { metric, embeddingSize } = embedder;
  const method = options.method ?? 'centroid';
  if (method !== 'centroid' && method !== 'knn') {
    throw new MtcnnError('INVALID_OPTION', `method must be 'centroid' or 'knn', got ${String(method)}`);
  }
  const defaultThreshold = checkThreshold(options.threshold ?? embedder.threshold, metric);
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new MtcnnError('INVALID_OPTION', 'a classifier needs at least one labelled embedding');
  }
  const identities = new Map<string, Identity>();
  const flat: { label: string; embedding: Float32Array }[] = [];
  samples.forEach((s, i) => {
    if (typeof s?.label !== 'string' || s.label === '') {
      throw new MtcnnError('INVALID_OPTION', `sample ${i} has no label`);
    }
    if (s.embedding?.length !== embeddingSize) {
      throw new MtcnnError(
        'INVALID_OPTION',
        `sample ${i} (${s.label}) has ${String(s.embedding?.length)} values; embedder ${embedder.id} gives ${embeddingSize}`,
      );
    }
    const unit = l2Normalize(s.embedding);
    flat.push({ label: s.label, embedding: unit });
    const identity = identities.get(s.label);
    if (identity) identity.embeddings.push(unit);
    else identities.set(s.label, { label: s.label, embeddings: [unit] });
  });
  const k = options.k ?? Math.min(DEFAULT_K, flat.length);
  if (!Number.isInteger(k) || k < 1 || k > flat.length) {
    throw new MtcnnError('INVALID_OPTION', `k must be an integer in [1, ${flat.length}], got ${String(k)}`);
  }
  const labels = [...identities.keys()].sort();

  function probeOf(embedding: Float32Array): Float32Array {
    if (embedding?.length !== embeddingSize) {
      throw new MtcnnError(
        'INVALID_OPTION',
        `the embedding has ${String(embedding?.length)} values; this classifier's (${embedder.id}) have ${embeddingSize}`,
      );
    }
    return l2Normalize(embedding);
  }

  function predict(embedding: Float32Array, callOptions: MatchOptions = {}): Prediction {
    const threshold = checkThreshold(callOptions.threshold ?? defaultThreshold, metric);
    const probe = probeOf(embedding);
    if (method === 'centroid') {
      const scored = [...identities.values()].map((identity) => ({
        label: identity.label,
        similarity: identitySimilarity(identity, probe, 'centroid'),
      }));
      return { ...openSetMatch(scored, metric, threshold), confidence: 1 };
    }
    const neighbours = flat
      .map((s) => ({ label: s.label, similarity: dot(s.embedding, probe) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k);
    const votes = new Map<string, { count: number; sum: number }>();
    for (const n of neighbours) {
      const v = votes.get(n.label) ?? { count: 0, sum: 0 };
      votes.set(n.label, { count: v.count + 1, sum: v.sum + n.similarity });
    }
    const [winner, vote] = [...votes].sort((a, b) => b[1].count - a[1].count || b[1].sum - a[1].sum)[0]!;
    // The winner is scored by its nearest embedding, the runner-up is the nearest embedding of any other identity.
    // The margin is negative when the vote overruled a closer embedding of another identity.
    let own = 0;
    let runnerUp: { label: string; similarity: number } | undefined;
    for (const identity of identities.values()) {
      const similarity = identitySimilarity(identity, probe, 'nearest');
      if (identity.label === winner) own = similarity;
      else if (!runnerUp || similarity > runnerUp.similarity)
        runnerUp = { label: identity.label, similarity };
    }
    const match = openSetMatch([{ label: winner, similarity: own }], metric, threshold);
    if (!runnerUp) return { ...match, confidence: vote.count / k };
    const ownScore = scoreOf(match, metric);
    const secondScore = scoreOf(fromSimilarity(runnerUp.similarity), metric);
    return {
      ...match,
      margin: marginOf(ownScore, secondScore, metric),
      second: { label: runnerUp.label, score: secondScore },
      confidence: vote.count / k,
    };
  }

  return { method, embedderId: embedder.id, labels, predict };
}
