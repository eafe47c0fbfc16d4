// The cascade's multiply-adds for one image: P-Net over every pyramid scale at its actual size, R-Net and
// O-Net over the batches they actually received.
import { readFileSync } from 'node:fs';
import { DEFAULT_MIN_FACE_SIZE, DEFAULT_SCALE_FACTOR } from '@mtcnn/core';
import { ONET_INPUT_SIZE, ONET_MODEL_URL } from '@mtcnn/onet';
import { PNET_MODEL_URL, pyramidScales, scaledSize } from '@mtcnn/pnet';
import { RNET_INPUT_SIZE, RNET_MODEL_URL } from '@mtcnn/rnet';
import { arithmeticOf } from './arithmetic.js';

export interface StageArithmetic {
  readonly pnet: number;
  readonly rnet: number;
  readonly onet: number;
  readonly total: number;
}

export interface CascadeShape {
  readonly width: number;
  readonly height: number;
  /** Candidates entering R-Net and O-Net (the batch sizes of those runs). */
  readonly rnetBatch: number;
  readonly onetBatch: number;
  readonly minFaceSize?: number;
  readonly scaleFactor?: number;
}

let models: ReturnType<typeof loadModels> | undefined;

function loadModels() {
  const of = (url: URL) => arithmeticOf(readFileSync(url));
  return { pnet: of(PNET_MODEL_URL), rnet: of(RNET_MODEL_URL), onet: of(ONET_MODEL_URL) };
}

/** Multiply-adds per stage (each multiply-add is two floating-point operations). */
export function cascadeArithmetic(shape: CascadeShape): StageArithmetic {
  models ??= loadModels();
  const scales = pyramidScales(
    shape.width,
    shape.height,
    shape.minFaceSize ?? DEFAULT_MIN_FACE_SIZE,
    shape.scaleFactor ?? DEFAULT_SCALE_FACTOR,
  );
  let pnet = 0;
  for (const scale of scales) {
    const { width, height } = scaledSize(shape.width, shape.height, scale);
    pnet += models.pnet([1, 3, height, width]).total;
  }
  const rnet = shape.rnetBatch * models.rnet([1, 3, RNET_INPUT_SIZE, RNET_INPUT_SIZE]).total;
  const onet = shape.onetBatch * models.onet([1, 3, ONET_INPUT_SIZE, ONET_INPUT_SIZE]).total;
  return { pnet, rnet, onet, total: pnet + rnet + onet };
}
