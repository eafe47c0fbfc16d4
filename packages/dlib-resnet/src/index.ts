import type {
  AlignmentTemplate,
  Backend,
  Embedder,
  EmbedderDescriptor,
  Model,
  ModelForms,
} from '@mtcnn/core';

export type { Embedder, EmbedderDescriptor } from '@mtcnn/core';

// Typed as the global URL so that the declarations name no Node module (browser projects have no @types/node).
/** The bundled model, resolved next to this module (bundlers turn this into an asset URL). */
export const DLIB_RESNET_MODEL_URL: URL = new URL('../model/dlib-resnet.onnx', import.meta.url);
/** The bundled model as model forms: one portable form, for every backend. */
export const DLIB_RESNET_MODEL: ModelForms = { portable: DLIB_RESNET_MODEL_URL };

/**
 * Where MTCNN's five points go in a 150 × 150 chip cut as dlib cuts its recognition chips
 * (`get_face_chip_details(shape, 150, 0.25)`): dlib's mean face shape, each eye centre the mean of its six iBUG
 * points, the nose tip, the mouth corners, placed at (0.25 + p) / 1.5 · 149 px (pixel centres on integers).
 * Use it with core's `alignFace(image, face, DLIB_150_TEMPLATE)`. model-info.json records the same numbers.
 */
export const DLIB_150_TEMPLATE: AlignmentTemplate = {
  width: 150,
  height: 150,
  landmarks: {
    leftEye: { x: 47.2322, y: 46.2884 },
    rightEye: { x: 99.8063, y: 46.2884 },
    nose: { x: 73.5193, y: 76.0521 },
    mouthLeft: { x: 50.0788, y: 102.3365 },
    mouthRight: { x: 96.9597, y: 102.3365 },
  },
};

/** The first 12 hex digits of the model's sha256 (model-info.json): the id changes whenever the bytes do. */
const MODEL_SHA256_PREFIX = 'cc5a9e3ad2a2';

/**
 * dlib's ResNet face descriptor (dlib_face_recognition_resnet_model_v1): 128-d embeddings of 150 px RGB chips
 * normalised as (x − mean) / 256, compared by Euclidean distance; dlib's published threshold is 0.6.
 */
export const DLIB_RESNET: EmbedderDescriptor = {
  id: `dlib-resnet-v1-${MODEL_SHA256_PREFIX}`,
  inputSize: 150,
  mean: [122.782, 117.001, 104.298],
  scale: 1 / 256,
  channels: 'rgb',
  layout: 'nchw',
  template: DLIB_150_TEMPLATE,
  embeddingSize: 128,
  metric: 'euclidean',
  threshold: 0.6,
  inputName: 'input',
  outputName: 'embedding',
};

export interface DlibResnetOptions {
  /** The model (default: the bundled one); give its bytes or URL where the bundled file cannot be fetched. */
  readonly model?: Model;
  /** Backend for this model; otherwise the recognizer's. */
  readonly backend?: Backend;
}

/** dlib's ResNet as an {@link Embedder} for @mtcnn/recognition's `createRecognizer`. */
export function dlibResnet(options: DlibResnetOptions = {}): Embedder {
  return {
    ...DLIB_RESNET,
    model: options.model ?? DLIB_RESNET_MODEL,
    ...(options.backend ? { backend: options.backend } : {}),
  };
}
