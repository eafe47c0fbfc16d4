import type { AlignmentTemplate } from './align/templates.js';
import type { Backend, Model } from './backend.js';

/**
 * How two embeddings are compared. Embeddings are L2-normalised first in both cases. `cosine`: their cosine
 * similarity (the dot product of the unit vectors), higher is more alike. `euclidean`: the distance between the
 * unit vectors, lower is more alike (d² = 2 − 2·cosine, so the two rank pairs the same way; the metric says
 * which scale the threshold is on).
 */
export type EmbedderMetric = 'cosine' | 'euclidean';

/**
 * How to feed a face embedder and compare what it returns: the same shape for every embedder, so that any ONNX
 * face-recognition model works through the same API (@mtcnn/recognition).
 */
export interface EmbedderDescriptor {
  /**
   * Names the embedding space (the weights that produced it): embeddings, galleries and classifiers of different
   * ids must never be compared.
   */
  readonly id: string;
  /** Side of the square, aligned input crop, in pixels: the template's width and height. */
  readonly inputSize: number;
  /** Input normalisation, (pixel − mean) × scale: one mean for every channel, or one per channel (R, G, B). */
  readonly mean: number | readonly [number, number, number];
  readonly scale: number;
  /** The order of the channels the model reads. */
  readonly channels: 'rgb' | 'bgr';
  readonly layout: 'nchw';
  /** Where the five landmarks go in the crop, for `alignFace` (MobileFaceNet: `ARCFACE_TEMPLATE_112`). */
  readonly template: AlignmentTemplate;
  /** Length of the model's output vector per face. */
  readonly embeddingSize: number;
  readonly metric: EmbedderMetric;
  /**
   * The calibrated same-person decision on L2-normalised embeddings: cosine similarity ≥ threshold, or
   * Euclidean distance ≤ threshold. Each embedder documents where its value comes from.
   */
  readonly threshold: number;
  /** The model's input and output names. */
  readonly inputName: string;
  readonly outputName: string;
}

/** A descriptor with its model, ready to load: what `createRecognizer` takes. */
export interface Embedder extends EmbedderDescriptor {
  readonly model: Model;
  /** Backend for this model; the recognizer's `backend` option otherwise. */
  readonly backend?: Backend;
}
