// Checks an embedder's descriptor once, so that a mistake in it is an error at createRecognizer, not a wrong answer.
import { type Embedder, type EmbedderDescriptor, LANDMARK_NAMES, MtcnnError } from '@mtcnn/core';
import { checkThreshold } from './vectors.js';

function fail(id: unknown, why: string): never {
  throw new MtcnnError('INVALID_OPTION', `embedder ${typeof id === 'string' ? id : '(no id)'}: ${why}`);
}

const isPositiveInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;
const isFiniteNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** A checked copy of the descriptor part of `embedder` (the model and backend left out). */
export function checkDescriptor(embedder: EmbedderDescriptor): EmbedderDescriptor {
  if (embedder === null || typeof embedder !== 'object') {
    throw new MtcnnError('INVALID_OPTION', 'embedder must be an object: a descriptor with its model');
  }
  const e = embedder;
  if (typeof e.id !== 'string' || e.id === '') fail(e.id, 'id must be a non-empty string');
  if (!isPositiveInt(e.inputSize))
    fail(e.id, `inputSize must be a positive integer, got ${String(e.inputSize)}`);
  const mean = e.mean;
  const means = typeof mean === 'number' ? [mean] : Array.isArray(mean) ? mean : [];
  if (!(means.length === 1 || means.length === 3) || !means.every(isFiniteNumber)) {
    fail(e.id, `mean must be a number or three numbers (R, G, B), got ${JSON.stringify(mean)}`);
  }
  if (!isFiniteNumber(e.scale) || e.scale === 0)
    fail(e.id, `scale must be a non-zero number, got ${String(e.scale)}`);
  if (e.channels !== 'rgb' && e.channels !== 'bgr')
    fail(e.id, `channels must be 'rgb' or 'bgr', got ${String(e.channels)}`);
  if (e.layout !== 'nchw') fail(e.id, `layout must be 'nchw', got ${String(e.layout)}`);
  const t = e.template;
  if (t === null || typeof t !== 'object' || t.width !== e.inputSize || t.height !== e.inputSize) {
    fail(e.id, `template must be an AlignmentTemplate of ${e.inputSize} × ${e.inputSize} (the input size)`);
  }
  for (const name of LANDMARK_NAMES) {
    const p = t.landmarks?.[name];
    if (!p || !isFiniteNumber(p.x) || !isFiniteNumber(p.y))
      fail(e.id, `template.landmarks.${name} is missing`);
  }
  if (!isPositiveInt(e.embeddingSize)) {
    fail(e.id, `embeddingSize must be a positive integer, got ${String(e.embeddingSize)}`);
  }
  if (e.metric !== 'cosine' && e.metric !== 'euclidean') {
    fail(e.id, `metric must be 'cosine' or 'euclidean', got ${String(e.metric)}`);
  }
  checkThreshold(e.threshold, e.metric, `embedder ${e.id}: threshold`);
  if (typeof e.inputName !== 'string' || e.inputName === '')
    fail(e.id, 'inputName must be a non-empty string');
  if (typeof e.outputName !== 'string' || e.outputName === '')
    fail(e.id, 'outputName must be a non-empty string');
  return {
    id: e.id,
    inputSize: e.inputSize,
    mean: typeof mean === 'number' ? mean : ([mean[0], mean[1], mean[2]] as const),
    scale: e.scale,
    channels: e.channels,
    layout: e.layout,
    template: t,
    embeddingSize: e.embeddingSize,
    metric: e.metric,
    threshold: e.threshold,
    inputName: e.inputName,
    outputName: e.outputName,
  };
}

/** {@link checkDescriptor} plus the model an Embedder must carry. */
export function checkEmbedder(embedder: Embedder): EmbedderDescriptor {
  const descriptor = checkDescriptor(embedder);
  if (embedder.model === undefined || embedder.model === null) fail(embedder.id, 'model is missing');
  return descriptor;
}
