import {
  applyBoxRegression,
  type Backend,
  EMPTY_CANDIDATES,
  type Model,
  type ModelForms,
  nms,
  type Stage,
  scoreCrops,
  selectCandidates,
  squareBoxes,
} from '@mtcnn/core';

/** R-Net's input size in pixels. */
export const RNET_INPUT_SIZE = 24;
/** The reference's NMS threshold after R-Net. */
export const RNET_NMS_THRESHOLD = 0.7;
/** Default face-probability threshold of R-Net. */
export const RNET_THRESHOLD = 0.7;

export interface RNetOptions {
  /** Face-probability threshold; candidates must score above it. Default 0.7. */
  readonly threshold?: number;
  /** IoU above which a candidate is dropped. Default 0.7. */
  readonly nmsThreshold?: number;
  /** Where to load the model from instead of the bundled `model/rnet.onnx`. */
  readonly model?: Model;
  /** Run this stage on its own backend. */
  readonly backend?: Backend;
}

export const RNET_MODEL_URL = new URL('../model/rnet.onnx', import.meta.url);
/** The nchwc form of the same network (see model-info.json): onnxruntime's x86-64 CPU provider runs it faster. */
export const RNET_NCHWC_MODEL_URL = new URL('../model/rnet.nchwc.onnx', import.meta.url);
/** The bundled model in both forms; each backend loads the one it runs best. */
export const RNET_MODEL: ModelForms = { portable: RNET_MODEL_URL, nchwc: RNET_NCHWC_MODEL_URL };

/**
 * R-Net, the refine network: scores each P-Net candidate on a 24 × 24 crop, rejects most false positives
 * and calibrates the boxes. As the last stage it returns square boxes without landmarks.
 */
export function rnet(options: RNetOptions = {}): Stage {
  const nmsThreshold = options.nmsThreshold ?? RNET_NMS_THRESHOLD;
  return {
    name: 'rnet',
    model: options.model ?? RNET_MODEL,
    backend: options.backend,
    threshold: options.threshold ?? RNET_THRESHOLD,
    async run(context, candidates) {
      if (candidates.count === 0) return EMPTY_CANDIDATES;
      const scored = await scoreCrops(context, candidates, RNET_INPUT_SIZE, false);
      const kept = selectCandidates(scored, nms(scored.boxes, scored.scores, nmsThreshold, 'union'));
      const calibrated = applyBoxRegression(kept.boxes, kept.offsets!, kept.count, true);
      return { count: kept.count, boxes: squareBoxes(calibrated, kept.count), scores: kept.scores };
    },
  };
}
