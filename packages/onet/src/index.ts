import {
  applyBoxRegression,
  type Backend,
  decodeLandmarks,
  EMPTY_CANDIDATES,
  type Model,
  type ModelForms,
  nms,
  type Stage,
  scoreCrops,
  selectCandidates,
} from '@mtcnn/core';

/** O-Net's input size in pixels. */
export const ONET_INPUT_SIZE = 48;
/** The reference's NMS threshold after O-Net, measured as intersection over the smaller box ('min'). */
export const ONET_NMS_THRESHOLD = 0.7;
/** Default face-probability threshold of O-Net. */
export const ONET_THRESHOLD = 0.7;

export interface ONetOptions {
  /** Face-probability threshold; candidates must score above it. Default 0.7. */
  readonly threshold?: number;
  /** Overlap ('min' mode) above which a face is dropped. Default 0.7. */
  readonly nmsThreshold?: number;
  /** Where to load the model from instead of the bundled `model/onet.onnx`. */
  readonly model?: Model;
  /** Run this stage on its own backend. */
  readonly backend?: Backend;
}

export const ONET_MODEL_URL = new URL('../model/onet.onnx', import.meta.url);
/** The nchwc form of the same network (see model-info.json): onnxruntime's x86-64 CPU provider runs it faster. */
export const ONET_NCHWC_MODEL_URL = new URL('../model/onet.nchwc.onnx', import.meta.url);
/** The bundled model in both forms; each backend loads the one it runs best. */
export const ONET_MODEL: ModelForms = { portable: ONET_MODEL_URL, nchwc: ONET_NCHWC_MODEL_URL };

/**
 * O-Net, the output network: scores each R-Net candidate on a 48 × 48 crop, gives the final box and the
 * five landmarks (left eye, right eye, nose, mouth left, mouth right).
 */
export function onet(options: ONetOptions = {}): Stage {
  const nmsThreshold = options.nmsThreshold ?? ONET_NMS_THRESHOLD;
  return {
    name: 'onet',
    model: options.model ?? ONET_MODEL,
    backend: options.backend,
    threshold: options.threshold ?? ONET_THRESHOLD,
    async run(context, candidates) {
      if (candidates.count === 0) return EMPTY_CANDIDATES;
      const scored = await scoreCrops(context, candidates, ONET_INPUT_SIZE, true);
      // Landmarks are relative to the cropped box, so decode them before the box moves.
      const landmarks = decodeLandmarks(scored.boxes, scored.points!, scored.count);
      const boxes = applyBoxRegression(scored.boxes, scored.offsets, scored.count, true);
      const faces = { count: scored.count, boxes, scores: scored.scores, landmarks };
      return selectCandidates(faces, nms(boxes, scored.scores, nmsThreshold, 'min'));
    },
  };
}
